# The e2e tests with bgpd as the ToR and as the spine: the same assertions as
# the FRR variants in CMakeLists.txt, plus scenario (e) without any lost
# request (bgpd's routes stay in the kernel across its restart, which FRR's
# do not). They run the binaries of this build tree, so build first
# (`cmake --build build`); the lab scripts then skip their own build.
# config/tor.toml and config/spine.toml are used as they are; only the
# control socket moves under the lab's state directory.
if(NOT TARGET bgpd OR NOT TARGET bgpctl)
  message(FATAL_ERROR "tests/e2e/bgpd.cmake needs the bgpd and bgpctl targets")
endif()
set(bgpd_lab_env BGPD_BIN=$<TARGET_FILE:bgpd> BGPCTL_BIN=$<TARGET_FILE:bgpctl> BGPD_NO_BUILD=1)

bgpd_add_lab_test(e2e_anycast_bgpd_tor_routes_and_spread
  bash ${BGPD_LAB_DIR}/anycast.sh check --tor bgpd ENV ${bgpd_lab_env})
foreach(s a b c d e f g)
  bgpd_add_lab_test(e2e_anycast_bgpd_tor_failover_${s}
    bash ${BGPD_LAB_DIR}/anycast.sh failover --tor bgpd --check --scenarios ${s} ENV ${bgpd_lab_env})
endforeach()
# (e) again with the nodes coming in through config/tor.toml's listen
# ranges (dynamic neighbours): the restarted bgpd must wait for them too.
bgpd_add_lab_test(e2e_anycast_bgpd_tor_failover_e_listen_ranges
  bash ${BGPD_LAB_DIR}/anycast.sh failover --tor bgpd --peering listen --check --scenarios e ENV ${bgpd_lab_env})
bgpd_add_lab_test(e2e_leafspine_bgpd_spine_reaches_both_clusters
  bash ${BGPD_LAB_DIR}/leafspine.sh check --spine bgpd ENV ${bgpd_lab_env})
# A restart of the bgpd spine never removes the VIP from leaf1's kernel (FRR
# leaves as graceful-restart helpers; bgpd closes without a Cease, defers
# selection and sends End-of-RIB only once it has relearned the routes).
bgpd_add_lab_test(e2e_leafspine_bgpd_spine_restart_keeps_leaf1_route
  bash ${BGPD_LAB_DIR}/leafspine.sh restart-check --spine bgpd ENV ${bgpd_lab_env})
