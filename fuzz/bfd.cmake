# fuzz_bfd: BFD control packets (RFC 5880 §4.1, §6.8.6 checks) and the
# session state machine fed the packets that pass.
bgpd_add_fuzzer(NAME fuzz_bfd SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_bfd.cpp LIBS bgp_bfd)
