# fuzz_update: decode_update over arbitrary bodies with the decode context
# chosen by the first input byte; every view is walked, and clean IPv4
# announcements must survive an encode/decode round trip.
bgpd_add_fuzzer(NAME fuzz_update SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_update.cpp LIBS bgp_wire)
