# fuzz_config: the TOML loader over arbitrary bytes (seeds: config/*.toml).
bgpd_add_fuzzer(NAME fuzz_config SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_config.cpp LIBS bgp_config)
