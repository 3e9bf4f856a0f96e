#include "netns/ErrnoName.h"

#include <cerrno>
#include <csignal>
#include <cstring>

#include <array>
#include <utility>

#include <fmt/format.h>

namespace tcpfault {
namespace {

// Only the errnos a network program meets; extend by one row.
constexpr std::array<std::pair<int, std::string_view>, 51> kErrnos{{
    {EPERM, "EPERM"},         {ENOENT, "ENOENT"},           {ESRCH, "ESRCH"},
    {EINTR, "EINTR"},         {EIO, "EIO"},                 {ENXIO, "ENXIO"},
    {E2BIG, "E2BIG"},         {EBADF, "EBADF"},             {ECHILD, "ECHILD"},
    {EAGAIN, "EAGAIN"},       {ENOMEM, "ENOMEM"},           {EACCES, "EACCES"},
    {EFAULT, "EFAULT"},       {EBUSY, "EBUSY"},             {EEXIST, "EEXIST"},
    {ENODEV, "ENODEV"},       {ENOTDIR, "ENOTDIR"},         {EINVAL, "EINVAL"},
    {ENFILE, "ENFILE"},       {EMFILE, "EMFILE"},           {ENOSPC, "ENOSPC"},
    {EPIPE, "EPIPE"},         {ERANGE, "ERANGE"},           {ENOSYS, "ENOSYS"},
    {ENOTSOCK, "ENOTSOCK"},   {EDESTADDRREQ, "EDESTADDRREQ"}, {EMSGSIZE, "EMSGSIZE"},
    {EPROTOTYPE, "EPROTOTYPE"}, {ENOPROTOOPT, "ENOPROTOOPT"}, {EPROTONOSUPPORT, "EPROTONOSUPPORT"},
    {EOPNOTSUPP, "EOPNOTSUPP"}, {EAFNOSUPPORT, "EAFNOSUPPORT"}, {EADDRINUSE, "EADDRINUSE"},
    {EADDRNOTAVAIL, "EADDRNOTAVAIL"}, {ENETDOWN, "ENETDOWN"}, {ENETUNREACH, "ENETUNREACH"},
    {ENETRESET, "ENETRESET"}, {ECONNABORTED, "ECONNABORTED"}, {ECONNRESET, "ECONNRESET"},
    {ENOBUFS, "ENOBUFS"},     {EISCONN, "EISCONN"},         {ENOTCONN, "ENOTCONN"},
    {ESHUTDOWN, "ESHUTDOWN"}, {ETIMEDOUT, "ETIMEDOUT"},     {ECONNREFUSED, "ECONNREFUSED"},
    {EHOSTDOWN, "EHOSTDOWN"}, {EHOSTUNREACH, "EHOSTUNREACH"}, {EALREADY, "EALREADY"},
    {EINPROGRESS, "EINPROGRESS"}, {EPROTO, "EPROTO"},       {ENODATA, "ENODATA"},
}};

constexpr std::array<std::pair<int, std::string_view>, 20> kSignals{{
    {SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"}, {SIGILL, "SIGILL"},
    {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},   {SIGKILL, "SIGKILL"},
    {SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"}, {SIGPIPE, "SIGPIPE"},
    {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"}, {SIGCHLD, "SIGCHLD"}, {SIGCONT, "SIGCONT"},
    {SIGSTOP, "SIGSTOP"}, {SIGTSTP, "SIGTSTP"}, {SIGURG, "SIGURG"},   {SIGIO, "SIGIO"},
}};

template <std::size_t N>
std::optional<std::string_view> nameOf(const std::array<std::pair<int, std::string_view>, N>& t,
                                       int v) {
  for (const auto& [num, name] : t)
    if (num == v) return name;
  return std::nullopt;
}

template <std::size_t N>
std::optional<int> valueOf(const std::array<std::pair<int, std::string_view>, N>& t,
                           std::string_view n) {
  for (const auto& [num, name] : t)
    if (name == n) return num;
  return std::nullopt;
}

}  // namespace

std::string errnoName(int err) {
  if (err == EWOULDBLOCK) return "EAGAIN";
  auto n = nameOf(kErrnos, err);
  return n ? std::string(*n) : fmt::format("errno {}", err);
}

std::optional<int> errnoFromName(std::string_view name) {
  if (name == "EWOULDBLOCK") return EWOULDBLOCK;
  return valueOf(kErrnos, name);
}

std::string signalName(int sig) {
  auto n = nameOf(kSignals, sig);
  return n ? std::string(*n) : fmt::format("signal {}", sig);
}

std::optional<int> signalFromName(std::string_view name) {
  if (auto v = valueOf(kSignals, name)) return v;
  if (!name.starts_with("SIG")) return valueOf(kSignals, "SIG" + std::string(name));
  return std::nullopt;
}

std::string errnoMessage(std::string_view what, int err) {
  return fmt::format("{}: {} ({})", what, errnoName(err), std::strerror(err));
}

}  // namespace tcpfault
