# fuzz_control: the control-socket request parser (bgpd/control_request.cpp,
# a pure function) over arbitrary bytes; seeds: fuzz/corpus/fuzz_control.
# Built from the parser's source alone: no Asio, no sockets.
bgpd_add_fuzzer(NAME fuzz_control
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_control.cpp ${CMAKE_SOURCE_DIR}/bgpd/control_request.cpp
  LIBS bgp_wire nlohmann_json::nlohmann_json fmt::fmt)
