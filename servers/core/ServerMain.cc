#include "servers/core/ServerMain.h"

#include <fmt/format.h>

#include <cerrno>
#include <exception>

#include "netns/Error.h"
#include "servers/core/FdLimit.h"
#include "servers/core/Log.h"
#include "servers/core/Signals.h"

namespace tcpfault::servers {

void addCommonOptions(CLI::App& app, CommonOptions& opts) {
  app.add_option("--port,-p", opts.listen.port, "TCP port to listen on (0: any free port)")
      ->capture_default_str();
  app.add_option("--bind,-b", opts.listen.bind, "address to bind: 0.0.0.0, ::, 127.0.0.1, ...")
      ->capture_default_str();
  app.add_option("--backlog", opts.listen.backlog, "listen(2) backlog")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-fds", opts.maxFds,
                 "set RLIMIT_NOFILE to this before listening (0: leave it)")
      ->capture_default_str();
}

int serverMain(int argc, char** argv, CLI::App& app, const CommonOptions& opts,
               const std::function<void()>& body, const bool* keepSigpipe) {
  setProgramName(app.get_name());
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    logLine(fmt::format("{} (try --help)", e.what()));
    return 2;
  }
  try {
    if (opts.maxFds > 0) setFdLimit(opts.maxFds);
    if (!(keepSigpipe && *keepSigpipe)) ignoreSigpipe();
    body();
  } catch (const std::exception& e) {
    logLine(e.what());
    return 1;
  }
  return 0;
}

}  // namespace tcpfault::servers
