#include "landeff/progress.hpp"

#include <cpl_progress.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "landeff/error.hpp"

namespace landeff {
namespace {
std::atomic<bool> g_enabled{false};
}

void set_progress_enabled(bool on) { g_enabled = on && isatty(STDERR_FILENO); }
bool progress_enabled() { return g_enabled; }

std::atomic<bool>& stop_requested() {
    static std::atomic<bool> flag{false};
    return flag;
}

namespace {
std::atomic<size_t> g_memory_limit{0};
std::atomic<bool> g_memory_exceeded{false};
std::atomic<size_t> g_peak{0};
}  // namespace

size_t resident_bytes() {
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long size = 0, rss = 0;
    const int n = std::fscanf(f, "%lu %lu", &size, &rss);
    std::fclose(f);
    return n == 2 ? static_cast<size_t>(rss) * static_cast<size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

namespace {
// The bytes of a "<key>: <n> kB" line of a /proc file (`format` is "<key>: %zu kB"); 0 when absent.
size_t proc_kib_bytes(const char* path, const char* format) {
    FILE* f = std::fopen(path, "r");
    if (!f) return 0;
    char line[256];
    size_t kib = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, format, &kib) == 1) break;
    std::fclose(f);
    return kib * 1024;
}
}  // namespace

size_t peak_resident_bytes() { return proc_kib_bytes("/proc/self/status", "VmHWM: %zu kB"); }

// Defined by src/cli/huge_pages.cpp in an executable built with it; null otherwise (the tests, a
// sanitizer build).
extern "C" size_t landeff_huge_pages_advised() __attribute__((weak));
extern "C" int landeff_huge_pages_marking() __attribute__((weak));

HugePages huge_pages() {
    HugePages h;
    h.system = "unavailable";
    if (FILE* f = std::fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r")) {
        char line[128] = {};
        if (std::fgets(line, sizeof line, f)) {
            const char* a = std::strchr(line, '[');
            const char* b = a ? std::strchr(a, ']') : nullptr;
            if (a && b) h.system.assign(a + 1, b);
        }
        std::fclose(f);
    }
    h.marking = landeff_huge_pages_marking && landeff_huge_pages_marking() != 0;
    h.advised = landeff_huge_pages_advised ? landeff_huge_pages_advised() : 0;
    h.resident = proc_kib_bytes("/proc/self/smaps_rollup", "AnonHugePages: %zu kB");
    return h;
}

namespace {

std::string gib(size_t b) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f GiB", static_cast<double>(b) / (1024.0 * 1024.0 * 1024.0));
    return buf;
}
}  // namespace

void check_interrupt() {
    if (!stop_requested().load(std::memory_order_relaxed)) return;
    if (g_memory_exceeded.load())
        throw RunError(Msg::EMaxMemory, {gib(g_peak.load()), gib(g_memory_limit.load())});
    throw Interrupted();
}

size_t physical_memory() {
    return static_cast<size_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

size_t parse_memory_size(const std::string& text) {
    std::string t;
    for (char c : text)
        if (c != ' ') t += c;
    if (t.empty()) throw ConfigError(Msg::EMemoryEmpty, {});
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    const std::string unit(end);
    double mult = 1;
    if (unit == "%") return static_cast<size_t>(static_cast<double>(physical_memory()) * v / 100.0);
    if (unit == "K" || unit == "k" || unit == "KiB") mult = 1024.0;
    else if (unit == "M" || unit == "m" || unit == "MiB") mult = 1024.0 * 1024;
    else if (unit == "G" || unit == "g" || unit == "GiB") mult = 1024.0 * 1024 * 1024;
    else if (unit == "T" || unit == "t" || unit == "TiB") mult = 1024.0 * 1024 * 1024 * 1024;
    else if (!unit.empty()) throw ConfigError(Msg::EMemoryUnit, {text});
    if (!(v > 0)) throw ConfigError(Msg::EMemoryNotPositive, {text});
    return static_cast<size_t>(v * mult);
}

size_t start_memory_watchdog(size_t bytes) {
    g_memory_limit = bytes;
    if (bytes == 0) return 0;
    static std::once_flag once;
    std::call_once(once, [] {
        std::thread([] {
            while (true) {
                const size_t rss = resident_bytes();
                if (rss > g_peak.load()) g_peak = rss;
                const size_t limit = g_memory_limit.load();
                if (limit && rss > limit && !g_memory_exceeded.load()) {
                    g_memory_exceeded = true;
                    stop_requested().store(true);
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }).detach();
    });
    return bytes;
}

namespace {
thread_local bool t_quiet = false;
}
QuietProgressHere::QuietProgressHere() : m_was(t_quiet) { t_quiet = true; }
QuietProgressHere::~QuietProgressHere() { t_quiet = m_was; }

Progress::Progress(std::string label, size_t total) : m_label(std::move(label)), m_total(total), m_show(g_enabled && !t_quiet) {
    if (m_show) {
        std::fprintf(stderr, "%s ", m_label.c_str());
        GDALTermProgress(0.0, nullptr, nullptr);
    }
}

Progress::~Progress() {
    if (!m_finished && m_show && m_last >= 0) std::fprintf(stderr, "\n");
}

void Progress::update(size_t n) {
    check_interrupt();
    if (!m_show || m_total == 0) return;
    const double f = static_cast<double>(n) / static_cast<double>(m_total);
    if (f - m_last < 0.01 && f < 1.0) return;
    m_last = f;
    GDALTermProgress(f > 1.0 ? 1.0 : f, nullptr, nullptr);
}

void Progress::done() {
    if (m_finished) return;
    m_finished = true;
    if (m_show) GDALTermProgress(1.0, nullptr, nullptr);
}

}  // namespace landeff
