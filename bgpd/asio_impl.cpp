// Boost.Asio compiled once, here (BOOST_ASIO_SEPARATE_COMPILATION): faster
// builds, and GCC 12's -Wnull-dereference false positives inside Asio's
// scheduler (boost/asio/detail/impl/scheduler.ipp) are confined to this file,
// which is built with that one warning off (see CMakeLists.txt).
#include <boost/asio/impl/src.hpp>
