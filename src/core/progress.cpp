#include "landeff/progress.hpp"

#include <cpl_progress.h>
#include <unistd.h>

#include <cstdio>

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

void check_interrupt() {
    if (stop_requested().load(std::memory_order_relaxed)) throw Interrupted();
}

Progress::Progress(std::string label, size_t total) : m_label(std::move(label)), m_total(total) {
    if (g_enabled) {
        std::fprintf(stderr, "%s ", m_label.c_str());
        GDALTermProgress(0.0, nullptr, nullptr);
    }
}

Progress::~Progress() {
    if (!m_finished && g_enabled && m_last >= 0) std::fprintf(stderr, "\n");
}

void Progress::update(size_t n) {
    check_interrupt();
    if (!g_enabled || m_total == 0) return;
    const double f = static_cast<double>(n) / static_cast<double>(m_total);
    if (f - m_last < 0.01 && f < 1.0) return;
    m_last = f;
    GDALTermProgress(f > 1.0 ? 1.0 : f, nullptr, nullptr);
}

void Progress::done() {
    if (m_finished) return;
    m_finished = true;
    if (g_enabled) GDALTermProgress(1.0, nullptr, nullptr);
}

}  // namespace landeff
