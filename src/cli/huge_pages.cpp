// Transparent huge pages for landeff's heap, when asked for (issue 20): LANDEFF_HUGE_PAGES=1.
//
// The kernel maps memory in pages of 4 KiB; with transparent huge pages (THP) it may map 2 MiB at
// once, and the processor then needs one TLB entry where it needed 512. Linux decides per system
// (/sys/kernel/mm/transparent_hugepage/enabled): "always", "never", or "madvise" — only memory a
// program marks with madvise(MADV_HUGEPAGE). oneTBB's allocator, which serves every malloc of
// landeff, maps its memory with mmap and marks none of it (its own huge-page mode acts only under
// "always"). So the executable provides mmap itself: the system call, then, when asked,
// MADV_HUGEPAGE on a private anonymous writable mapping of 2 MiB or more — the allocator's regions,
// not files, not stacks. "always" and "never" are unchanged by the mark.
//
// Off by default since 2026-12-06 (README, Performance, "Huge pages off by default"). On the
// project's benchmark machine of 2026-12-04 the mark made the own 1 M city a quarter faster; on
// the machine of 2026-12-06 — a virtual machine whose kernel gives free memory back to its host
// in blocks of 8 MiB (free page reporting) — a huge page is taken from exactly such a block, and
// its first touch costs the host's faults for all of its 2 MiB: the kernel's time went 1.4 → 8.8 s
// and the run 12.4 → 17.5 s, while the user time, where the TLB would show, stayed the same within
// 2 %. A gain of a few percent where faults are cheap against a loss of a third where they are not:
// the mark is for the machine where it has been measured to help (CONTRIBUTING, "Huge pages").
//
// Built only with oneTBB's malloc in the executable (CMakeLists.txt): sanitizers and valgrind
// intercept mmap themselves.
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace {

constexpr size_t kHugePage = size_t(2) << 20;
std::atomic<size_t> g_advised{0};  // bytes marked (run.json huge_pages.advised_mib)

// LANDEFF_HUGE_PAGES=1 marks; unset, 0 or anything else does not.
bool marking() {
    static const bool on = [] {
        const char* v = std::getenv("LANDEFF_HUGE_PAGES");
        return v && std::strcmp(v, "1") == 0;
    }();
    return on;
}

}  // namespace

extern "C" void* mmap(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
    // The system call itself, as glibc's mmap makes it: -1 and errno on failure (MAP_FAILED).
    void* p = reinterpret_cast<void*>(syscall(SYS_mmap, addr, len, prot, flags, fd, offset));
    constexpr int kNotHeap = MAP_SHARED | MAP_STACK | MAP_GROWSDOWN;
    if (p != MAP_FAILED && len >= kHugePage && (flags & MAP_ANONYMOUS) && (flags & MAP_PRIVATE) && !(flags & kNotHeap) &&
        (prot & PROT_WRITE) && marking())
        if (madvise(p, len, MADV_HUGEPAGE) == 0) g_advised.fetch_add(len, std::memory_order_relaxed);  // advice only: a failure changes nothing
    return p;
}

// What run.json reports (progress.cpp reads these through weak references).
extern "C" size_t landeff_huge_pages_advised() { return g_advised.load(std::memory_order_relaxed); }
extern "C" int landeff_huge_pages_marking() { return marking() ? 1 : 0; }

// glibc's 64-bit name for the same call (off_t is 64 bits on the 64-bit targets landeff builds for).
extern "C" void* mmap64(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
    return mmap(addr, len, prot, flags, fd, offset);
}
