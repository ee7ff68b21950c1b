// `landeff run CONFIG --engine dask [--scheduler ADDRESS] [--workers N]` (issue 21): hands the run to
// the Dask driver, scripts/landeff-dask (installed as share/landeff/landeff-dask), which runs one task
// per partition of CONFIG (partition.by) on a Dask distributed cluster and merges them. landeff stays
// one program: the driver calls back this very executable for each partition and for the merge.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "landeff/error.hpp"
#include "landeff/pipeline.hpp"
#include "landeff/standards.hpp"
#include "parts.hpp"

namespace fs = std::filesystem;

namespace landeff::pipeline {

namespace {

fs::path self_exe() {
    std::error_code ec;
    fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path("landeff") : p;
}

fs::path find_driver() {
    if (const char* env = std::getenv("LANDEFF_DASK_DRIVER"); env && *env) return env;
    const fs::path data = data_dir();
    std::error_code ec;
    for (const fs::path& p : {data / "landeff-dask", data / ".." / "scripts" / "landeff-dask",
                              self_exe().parent_path() / ".." / "scripts" / "landeff-dask"})
        if (fs::exists(p, ec)) return fs::weakly_canonical(p, ec);
    throw RunError("--engine dask: the driver landeff-dask was not found beside landeff (share/landeff/landeff-dask, "
                   "scripts/landeff-dask) — set LANDEFF_DASK_DRIVER to its path");
}

}  // namespace

int run_dask(const RunOptions& opt, const fs::path& out_dir, std::ostream& err) {
    std::vector<std::string> args = {"/usr/bin/python3", find_driver().string(), opt.config.string(), "--out",
                                     out_dir.string(), "--landeff", self_exe().string()};
    if (!opt.scheduler.empty()) args.insert(args.end(), {"--scheduler", opt.scheduler});
    if (opt.workers > 0) args.insert(args.end(), {"--workers", std::to_string(opt.workers)});
    if (opt.jobs > 0) args.insert(args.end(), {"--jobs", std::to_string(opt.jobs)});
    if (opt.overwrite) args.emplace_back("--overwrite");
    if (!opt.lang.empty()) args.insert(args.end(), {"--lang", opt.lang});
    err.flush();
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw RunError(std::string("--engine dask: cannot start the driver: ") + std::strerror(errno));
    if (pid == 0) {
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw RunError(std::string("--engine dask: waiting for the driver: ") + std::strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        throw RunError("--engine dask: /usr/bin/python3 could not run " + args[1] + " (scripts/install-deps --dask)");
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    throw RunError("--engine dask: the driver was stopped by signal " + std::to_string(WTERMSIG(status)));
}

}  // namespace landeff::pipeline
