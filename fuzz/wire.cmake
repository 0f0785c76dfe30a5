# fuzz_message: framing over a byte stream, then every session message and
# UPDATE decoded; session messages must survive an encode round trip.
bgpd_add_fuzzer(NAME fuzz_message SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_message.cpp LIBS bgp_wire)
