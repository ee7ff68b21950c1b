#pragma once
// Progress in the GDAL convention ("0...10...20...30...40...50...60...70...80...90...100 - done.")
// on stderr when it is a terminal and --quiet was not given. Also the point where a long loop
// notices SIGINT/SIGTERM: update() throws Interrupted once a stop was requested.
#include <atomic>
#include <cstddef>
#include <string>

#include "landeff/messages.hpp"

namespace landeff {

void set_progress_enabled(bool on);
bool progress_enabled();

// Set by the signal handler; checked by Progress::update and check_interrupt().
std::atomic<bool>& stop_requested();
void check_interrupt();  // throws Interrupted, or RunError when the memory limit was passed

// --max-memory: a watchdog thread samples the resident set size; past `bytes` it asks the run to
// stop, and the next check_interrupt() throws a RunError that says so (no output is left).
// 0 turns it off. Returns the limit in force.
size_t start_memory_watchdog(size_t bytes);
size_t physical_memory();
size_t resident_bytes();       // the process's resident set now (0 where /proc is missing)
size_t peak_resident_bytes();  // its high-water mark (VmHWM)
// Transparent huge pages (issue 20; src/cli/huge_pages.cpp): the system's mode ("always",
// "madvise", "never"; "unavailable" without THP), whether this executable marks its allocator's
// memory (built with it and LANDEFF_HUGE_PAGES=1), the bytes it marked, and the process's
// anonymous memory resident in huge pages now (AnonHugePages).
struct HugePages {
    std::string system;
    bool marking = false;
    size_t advised = 0, resident = 0;
};
HugePages huge_pages();
// Parses "12G", "512M", "2048K", "80%" (of physical memory) or plain bytes; throws ConfigError.
size_t parse_memory_size(const std::string& text);

// While one lives, Progress objects made on this thread print nothing (a task running beside
// others whose progress lines hold the terminal); they still notice a stop.
class QuietProgressHere {
public:
    QuietProgressHere();
    ~QuietProgressHere();
    QuietProgressHere(const QuietProgressHere&) = delete;
    QuietProgressHere& operator=(const QuietProgressHere&) = delete;

private:
    bool m_was;
};

class Progress {
public:
    Progress(std::string label, size_t total);
    // A label in both languages, shown in ui_lang() (`--lang`, else the config's output.lang, else Chinese).
    Progress(const Text& label, size_t total) : Progress(label.in(ui_lang()), total) {}
    ~Progress();
    void update(size_t done);  // thread-safe enough for a monotone counter
    void done();

private:
    std::string m_label;
    size_t m_total;
    double m_last = -1;
    bool m_finished = false;
    bool m_show = false;  // printing (enabled, and not on a quiet thread)
};

}  // namespace landeff
