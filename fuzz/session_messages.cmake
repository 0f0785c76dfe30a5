# One target per session message type, each fed the message body directly
# (fuzz_message covers them behind framing; these reach deeper per input).
# fuzz_open: OPEN, capabilities, RFC 4271 §6.2 checks, RFC 9234 roles, negotiation.
bgpd_add_fuzzer(NAME fuzz_open SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_open.cpp LIBS bgp_wire)
# fuzz_notification: NOTIFICATION and the RFC 9003 shutdown communication.
bgpd_add_fuzzer(NAME fuzz_notification SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_notification.cpp LIBS bgp_wire)
# fuzz_route_refresh: ROUTE-REFRESH (RFC 2918, RFC 7313 subtypes).
bgpd_add_fuzzer(NAME fuzz_route_refresh SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_route_refresh.cpp LIBS bgp_wire)
