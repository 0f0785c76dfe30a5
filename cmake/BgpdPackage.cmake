# The Debian package, built by CPack from the install rules
# (cmake/BgpdInstall.cmake):
#
#   cmake --build BUILD --target package      # BUILD/bgpd_<version>_<arch>.deb
#
# Depends comes from dpkg-shlibdeps on the installed binaries, so it names
# exactly the libraries this build links (a Release build and a sanitized
# build differ). OpenBGPD's Debian package (openbgpd) ships /usr/sbin/bgpd and
# /usr/sbin/bgpctl too: the two cannot be installed together. FRR's bgpd is
# /usr/lib/frr/bgpd and does not clash. /etc/bgpd/bgpd.toml is a conffile;
# the maintainer scripts (packaging/debian/) create the user bgpd.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME bgpd)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "bgpd maintainers <bgpd@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "BGP-4 speaker and anycast route-tracking daemon")
# The extended description; CPack puts the summary above it and indents it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "bgpd peers with BGP speakers such as Cilium's BGP control plane (GoBGP),
selects best and ECMP multipath routes, installs them into the Linux kernel
through rtnetlink nexthop objects, and shows every anycast prefix's next
hops against the kernel through bgpctl and a Prometheus endpoint.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONFLICTS openbgpd)
set(CPACK_DEBIAN_PACKAGE_REPLACES openbgpd)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS systemd)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS bash-completion)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# Install with DESTDIR and the prefix /usr, so prefix-dependent paths (the
# unit's ExecStart, /etc) are computed for /usr, not for the staging directory.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)

configure_file(${CMAKE_SOURCE_DIR}/packaging/debian/conffiles.in ${CMAKE_BINARY_DIR}/packaging/conffiles @ONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_BINARY_DIR}/packaging/conffiles
  ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
  ${CMAKE_SOURCE_DIR}/packaging/debian/prerm
  ${CMAKE_SOURCE_DIR}/packaging/debian/postrm)
include(CPack)

# The package end to end: built, installed into a scratch root, checked,
# purged (packaging/test-package.sh; about 1-2 minutes, most of it dpkg).
if(BGPD_TESTS AND TARGET bgpd)
  find_program(DPKG_DEB_PROGRAM dpkg-deb)
  find_program(SYSTEMD_ANALYZE_PROGRAM systemd-analyze)
  if(DPKG_DEB_PROGRAM AND SYSTEMD_ANALYZE_PROGRAM AND BGPD_MAN_PAGES)
    add_test(NAME package.deb COMMAND bash ${CMAKE_SOURCE_DIR}/packaging/test-package.sh ${CMAKE_BINARY_DIR})
    set_tests_properties(package.deb PROPERTIES LABELS package TIMEOUT 600)
  endif()
endif()
