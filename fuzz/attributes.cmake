# fuzz_attributes: the path attribute field alone, wrapped in a one-prefix
# UPDATE: attribute walk, every attribute decoder, AS4 merge, RFC 7606
# actions, and decode -> encode -> decode identity for clean inputs.
bgpd_add_fuzzer(NAME fuzz_attributes SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_attributes.cpp LIBS bgp_wire)
