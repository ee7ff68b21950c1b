// report.html's embedded files (include/landeff/web_assets.hpp). The assembler's .incbin puts
// each file into .rodata as it is on disk at build time; CMakeLists.txt installs the npm packages
// first (npm ci into build/web) and names their folder in LANDEFF_WEB_MODULES.
#include "landeff/web_assets.hpp"

#include "landeff_web_hashes.h"  // the embedded files' checksums: a changed file changes this source (ccache)

#define LANDEFF_STR2(x) #x
#define LANDEFF_STR(x) LANDEFF_STR2(x)

// Defines <name>_begin and <name>_end around the bytes of `file`.
#define LANDEFF_INCBIN(name, file)                                   \
    asm(".section .rodata\n"                                         \
        ".balign 16\n"                                               \
        ".global " LANDEFF_STR(name) "_begin\n" LANDEFF_STR(name) "_begin:\n" \
        ".incbin \"" file "\"\n"                                     \
        ".global " LANDEFF_STR(name) "_end\n" LANDEFF_STR(name) "_end:\n"   \
        ".previous\n");                                              \
    extern "C" const char name##_begin[];                            \
    extern "C" const char name##_end[];

LANDEFF_INCBIN(landeff_web_leaflet_js, LANDEFF_WEB_MODULES "/leaflet/dist/leaflet.js")
LANDEFF_INCBIN(landeff_web_leaflet_css, LANDEFF_WEB_MODULES "/leaflet/dist/leaflet.css")
LANDEFF_INCBIN(landeff_web_echarts_js, LANDEFF_WEB_MODULES "/echarts/dist/echarts.min.js")
LANDEFF_INCBIN(landeff_web_leaflet_lic, LANDEFF_WEB_MODULES "/leaflet/LICENSE")
LANDEFF_INCBIN(landeff_web_echarts_lic, LANDEFF_WEB_MODULES "/echarts/LICENSE")
LANDEFF_INCBIN(landeff_web_echarts_notice, LANDEFF_WEB_MODULES "/echarts/NOTICE")
LANDEFF_INCBIN(landeff_web_zrender_lic, LANDEFF_WEB_MODULES "/zrender/LICENSE")
LANDEFF_INCBIN(landeff_web_tslib_lic, LANDEFF_WEB_MODULES "/tslib/LICENSE.txt")
LANDEFF_INCBIN(landeff_web_report_js, LANDEFF_WEB_OWN "/report.js")
LANDEFF_INCBIN(landeff_web_report_css, LANDEFF_WEB_OWN "/report.css")

namespace landeff::web {
namespace {
std::string_view view(const char* b, const char* e) { return {b, static_cast<size_t>(e - b)}; }
}  // namespace

std::string_view leaflet_js() { return view(landeff_web_leaflet_js_begin, landeff_web_leaflet_js_end); }
std::string_view leaflet_css() { return view(landeff_web_leaflet_css_begin, landeff_web_leaflet_css_end); }
std::string_view echarts_js() { return view(landeff_web_echarts_js_begin, landeff_web_echarts_js_end); }
std::string_view report_js() { return view(landeff_web_report_js_begin, landeff_web_report_js_end); }
std::string_view report_css() { return view(landeff_web_report_css_begin, landeff_web_report_css_end); }

const Licence* licences(size_t& count) {
    static const Licence all[] = {
        {"Leaflet (npm leaflet, BSD-2-Clause)", view(landeff_web_leaflet_lic_begin, landeff_web_leaflet_lic_end)},
        {"Apache ECharts (npm echarts, Apache-2.0): LICENSE", view(landeff_web_echarts_lic_begin, landeff_web_echarts_lic_end)},
        {"Apache ECharts: NOTICE", view(landeff_web_echarts_notice_begin, landeff_web_echarts_notice_end)},
        {"ZRender (npm zrender, BSD-3-Clause; bundled in echarts.min.js)", view(landeff_web_zrender_lic_begin, landeff_web_zrender_lic_end)},
        {"tslib (npm tslib, 0BSD; bundled in echarts.min.js)", view(landeff_web_tslib_lic_begin, landeff_web_tslib_lic_end)},
    };
    count = sizeof all / sizeof all[0];
    return all;
}

}  // namespace landeff::web
