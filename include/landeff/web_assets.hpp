#pragma once
// The files report.html embeds (issue 19), compiled into the binary: Leaflet and ECharts as
// installed from the npm registry by `npm ci` (pinned by web/package-lock.json), their licence
// notices, and report.html's own script and style (src/report/web/).
#include <string_view>

namespace landeff::web {

std::string_view leaflet_js();
std::string_view leaflet_css();
std::string_view echarts_js();
std::string_view report_js();
std::string_view report_css();

// The bundled libraries' licence texts, each with its package name and version.
struct Licence {
    std::string_view package;
    std::string_view text;
};
const Licence* licences(size_t& count);

}  // namespace landeff::web
