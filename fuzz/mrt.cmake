# fuzz_mrt: the MRT record reader and the bgpdump formatter over arbitrary
# bytes, in memory and streamed (the two must print the same).
bgpd_add_fuzzer(NAME fuzz_mrt SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_mrt.cpp LIBS bgp_mrt)
