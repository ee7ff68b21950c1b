// Transparent huge pages for landeff's heap where the system leaves them to the program (issue 20).
//
// The kernel maps memory in pages of 4 KiB; with transparent huge pages (THP) it may map 2 MiB at
// once, and the processor then needs one TLB entry where it needed 512. landeff's stages walk
// records, results and geometries of millions of parcels all over a heap of gigabytes: with THP the
// own 1 M city ran in 24.3–24.8 s instead of 32.3–32.5 s on this project's benchmark machine (user
// time 35 s instead of 45 s, the same peak memory; README, Performance).
//
// Linux decides per system (/sys/kernel/mm/transparent_hugepage/enabled): "always", "never", or
// "madvise" — only memory a program marks with madvise(MADV_HUGEPAGE). Many machines are set to
// "madvise" (cloud images, Ubuntu); oneTBB's allocator, which serves every malloc of landeff,
// maps its memory with mmap and marks none of it (its own huge-page mode acts only under
// "always"). So the executable provides mmap itself: the system call, then MADV_HUGEPAGE on a
// private anonymous writable mapping of 2 MiB or more — the allocator's regions, not files, not
// stacks. "always" and "never" are unchanged by the mark. LANDEFF_HUGE_PAGES=0 in the environment
// leaves the mapping unmarked (on a machine short of memory, where the kernel's compaction for a
// marked region could cost more than the TLB saves).
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

bool marking() {
    static const bool on = [] {
        const char* v = std::getenv("LANDEFF_HUGE_PAGES");
        return !(v && std::strcmp(v, "0") == 0);
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
