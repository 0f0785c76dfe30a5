# Install rules (cmake --install, and the Debian package built from them by
# cmake/BgpdPackage.cmake). Layout as Debian expects it (GNUInstallDirs):
#   sbin/bgpd, bin/bgpctl
#   lib/systemd/system/bgpd.service     (paths rewritten to the install prefix)
#   lib/sysusers.d/bgpd.conf            (systemd/bgpd.sysusers)
#   share/man/man8/bgpd.8.gz, bgpctl.8.gz, share/man/man5/bgpd.toml.5.gz (scdoc, man/)
#   share/bash-completion/completions/bgpctl
#   share/doc/bgpd/{README.md,config.md,examples/*.toml}
#   SYSCONFDIR/bgpd/bgpd.toml           (/etc with prefix /usr; never overwritten)
#
# Paths that depend on the prefix are computed at install time (install(CODE)),
# not at configure time, so `cmake --install --prefix P` and CPack (which
# installs with prefix /usr) both get a unit and a config path that match.
include(GNUInstallDirs)

option(BGPD_MAN_PAGES "Build the man pages from man/*.scd (needs scdoc)" ON)

if(TARGET bgpd)
  install(TARGETS bgpd RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR} COMPONENT bgpd)
endif()
install(TARGETS bgpctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT bgpd)

# Man pages: generated at build time from the scdoc sources kept in man/.
# Without scdoc a build that only wants the binaries (the container image's
# build stage) still configures, with a warning; the package test then does
# not run, as it requires the pages.
if(BGPD_MAN_PAGES)
  find_program(SCDOC_PROGRAM scdoc)
  if(NOT SCDOC_PROGRAM)
    message(WARNING "scdoc not found: no man pages in this build's install or package "
      "(apt-get install scdoc, as scripts/install-deps.sh does)")
    set(BGPD_MAN_PAGES OFF)
  endif()
endif()
if(BGPD_MAN_PAGES)
  set(bgpd_man_pages)
  foreach(page bgpd.8 bgpctl.8 bgpd.toml.5)
    set(src ${CMAKE_SOURCE_DIR}/man/${page}.scd)
    set(out ${CMAKE_BINARY_DIR}/man/${page}.gz)
    # Compressed as Debian policy 12.1 asks (gzip -9n: no name, no timestamp).
    add_custom_command(OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND sh -c "\"$1\" < \"$2\" | gzip -9n > \"$3\"" scdoc ${SCDOC_PROGRAM} ${src} ${out}
      DEPENDS ${src} VERBATIM
      COMMENT "scdoc man/${page}.scd")
    list(APPEND bgpd_man_pages ${out})
    string(REGEX MATCH "[0-9]$" section ${page})
    install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section} COMPONENT bgpd)
  endforeach()
  add_custom_target(man ALL DEPENDS ${bgpd_man_pages})
endif()

install(FILES ${CMAKE_SOURCE_DIR}/packaging/bgpctl.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME bgpctl COMPONENT bgpd)

install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT bgpd)
install(FILES ${CMAKE_SOURCE_DIR}/config/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME config.md COMPONENT bgpd)
install(FILES ${CMAKE_SOURCE_DIR}/config/tor.toml ${CMAKE_SOURCE_DIR}/config/spine.toml
  ${CMAKE_SOURCE_DIR}/config/minimal.toml ${CMAKE_SOURCE_DIR}/packaging/bgpd.toml
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples COMPONENT bgpd)

# The sysusers.d entry and the unit live under PREFIX/lib (systemd searches
# /usr/lib and /usr/local/lib), not LIBDIR (lib/x86_64-linux-gnu on Debian).
install(FILES ${CMAKE_SOURCE_DIR}/systemd/bgpd.sysusers
  DESTINATION lib/sysusers.d RENAME bgpd.conf COMPONENT bgpd)

# systemd/bgpd.service names the Debian paths (/usr/sbin/bgpd, /usr/bin/bgpctl,
# /etc/bgpd/bgpd.toml) so it verifies as it stands; another prefix gets them
# rewritten. SYSCONFDIR follows GNUInstallDirs: /etc for the prefix /usr,
# PREFIX/etc otherwise.
set(bgpd_unit_src ${CMAKE_SOURCE_DIR}/systemd/bgpd.service)
set(bgpd_conf_src ${CMAKE_SOURCE_DIR}/packaging/bgpd.toml)
install(CODE "
  set(prefix \"\${CMAKE_INSTALL_PREFIX}\")
  if(prefix STREQUAL \"/usr\")
    set(sysconfdir /etc)
  elseif(IS_ABSOLUTE \"${CMAKE_INSTALL_SYSCONFDIR}\")
    set(sysconfdir \"${CMAKE_INSTALL_SYSCONFDIR}\")
  else()
    set(sysconfdir \"\${prefix}/${CMAKE_INSTALL_SYSCONFDIR}\")
  endif()
  file(READ \"${bgpd_unit_src}\" unit)
  string(REPLACE \"/usr/sbin/bgpd\" \"\${prefix}/${CMAKE_INSTALL_SBINDIR}/bgpd\" unit \"\${unit}\")
  string(REPLACE \"/usr/bin/bgpctl\" \"\${prefix}/${CMAKE_INSTALL_BINDIR}/bgpctl\" unit \"\${unit}\")
  string(REPLACE \"/etc/bgpd/\" \"\${sysconfdir}/bgpd/\" unit \"\${unit}\")
  string(REPLACE \"/usr/share/doc/bgpd/\" \"\${prefix}/${CMAKE_INSTALL_DOCDIR}/\" unit \"\${unit}\")
  file(WRITE \"${CMAKE_BINARY_DIR}/install/bgpd.service\" \"\${unit}\")
  file(INSTALL \"${CMAKE_BINARY_DIR}/install/bgpd.service\" DESTINATION \"\${prefix}/lib/systemd/system\"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  # The configuration: installed once, never over an administrator's file.
  if(EXISTS \"\$ENV{DESTDIR}\${sysconfdir}/bgpd/bgpd.toml\")
    message(STATUS \"Keeping existing: \$ENV{DESTDIR}\${sysconfdir}/bgpd/bgpd.toml\")
  else()
    file(INSTALL \"${bgpd_conf_src}\" DESTINATION \"\${sysconfdir}/bgpd\"
      FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  endif()
" COMPONENT bgpd)
