#include "landeff/standards.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>

#include <toml++/toml.h>

#include "landeff/error.hpp"
#include "landeff/industry.hpp"
#include "landeff/params.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

template <class V>
const V* longest_prefix(const std::map<std::string, V>& m, const std::string& code) {
    for (size_t n = code.size(); n > 0; --n) {
        auto it = m.find(code.substr(0, n));
        if (it != m.end()) return &it->second;
    }
    return nullptr;
}

fs::path exe_dir() {
    char buf[4096];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return {};
    buf[n] = 0;
    return fs::path(buf).parent_path();
}

}  // namespace

std::string ControlStandard::division_2002(std::string_view ind_code) const {
    const std::string code = normalize_industry_code(ind_code).digits;
    if (code.size() < 2) return "";
    if (ind_standard == "2002") return code.substr(0, 2);
    const std::string* d = longest_prefix(crosswalk, code);
    return d ? *d : "";
}

std::optional<double> ControlStandard::far_minimum(std::string_view ind_code) const {
    const std::string div = division_2002(ind_code);
    auto it = far_min.find(div);
    if (it == far_min.end()) return std::nullopt;
    return it->second;
}

std::optional<double> ControlStandard::investment_minimum_ha(std::string_view ind_code) const {
    if (region_class < 1 || region_class > 7) return std::nullopt;
    const std::string div = division_2002(ind_code);
    if (div.empty()) return std::nullopt;
    // Rows may be keyed by a 2002 division or a longer code prefix of it.
    const auto* row = longest_prefix(inv_min_ha, div);
    if (!row) return std::nullopt;
    const double v = (*row)[static_cast<size_t>(region_class - 1)];
    if (std::isnan(v)) return std::nullopt;
    return v;
}

fs::path data_dir() {
    if (const char* env = std::getenv("LANDEFF_DATA_DIR"); env && *env) return env;
    const fs::path exe = exe_dir();
    std::error_code ec;
    for (const fs::path& p : {exe / ".." / "data", exe / ".." / "share" / "landeff", fs::path(LANDEFF_DATA_DIR)})
        if (fs::exists(p / "standards" / "cn-2008.toml", ec)) return fs::weakly_canonical(p, ec);
    return LANDEFF_DATA_DIR;
}

ControlStandard load_standard(const Config& cfg) {
    ControlStandard st;
    const ControlRules rules(cfg.settings);
    const std::string& preset = rules.preset;
    fs::path file;
    if (preset.find('/') == std::string::npos && preset.find(".toml") == std::string::npos)
        file = data_dir() / "standards" / (preset + ".toml");
    else
        file = fs::path(preset).is_absolute() ? fs::path(preset) : cfg.dir / preset;
    std::error_code ec;
    if (!fs::exists(file, ec))
        throw ConfigError("control.preset = \"" + preset + "\": no such preset (" + file.string() +
                          "); use \"cn-2008\", \"cn-2023\", or a path to a preset file");
    toml::table t;
    try {
        t = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        throw ConfigError(file.string() + ":" + std::to_string(e.source().begin.line) + ": not valid TOML: " +
                          std::string(e.description()));
    }
    auto need = [&](const char* key) {
        auto v = t[key].value<double>();
        if (!v) throw ConfigError(file.string() + ": the preset needs " + key + " = <number>");
        return *v;
    };
    st.name = t["name"].value_or(preset);
    st.source = t["source"].value_or(std::string());
    st.coverage_min = need("coverage_min");
    st.admin_max = need("admin_max");
    st.green_max = need("green_max");
    if (auto* far = t["far_min"].as_table())
        for (const auto& [k, v] : *far) {
            auto d = v.value<double>();
            if (!d) throw ConfigError(file.string() + ": far_min.\"" + std::string(k.str()) + "\" must be a number");
            st.far_min[std::string(k.str())] = *d;
        }
    if (auto* cw = t["crosswalk_2017"].as_table())
        for (const auto& [k, v] : *cw) st.crosswalk[std::string(k.str())] = v.value_or(std::string());
    // Config overrides of single thresholds.
    auto override_with = [](double v, double& target) {
        if (!std::isnan(v)) target = v;
    };
    override_with(rules.coverage_min, st.coverage_min);
    override_with(rules.admin_max, st.admin_max);
    override_with(rules.green_max, st.green_max);
    st.ind_standard = rules.ind_standard;
    st.region_class = rules.region_class;

    // Investment-intensity table: ind_code,class_1..class_7 (万元/公顷); empty cells = none.
    const std::string& tbl = rules.inv_table;
    const fs::path inv = tbl.empty() ? data_dir() / "standards" / "investment_intensity.csv"
                                     : (fs::path(tbl).is_absolute() ? fs::path(tbl) : cfg.dir / tbl);
    std::ifstream in(inv);
    if (!in) {
        if (!tbl.empty()) throw ConfigError("control.inv_table = \"" + tbl + "\": cannot read " + inv.string());
        return st;
    }
    std::string line;
    size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        line = trim(line);
        if (line_no == 1 || line.empty() || line[0] == '#') continue;
        const auto cells = split(line, ',');
        std::vector<double> row(7, std::numeric_limits<double>::quiet_NaN());
        for (size_t c = 1; c < cells.size() && c <= 7; ++c) {
            if (trim(cells[c]).empty()) continue;
            auto v = parse_number(cells[c], "");
            if (!v) throw ConfigError(inv.string() + ":" + std::to_string(line_no) + ": " + quote_text(cells[c]) + " is not a number");
            row[c - 1] = *v;
        }
        st.inv_min_ha[trim(cells[0])] = row;
    }
    return st;
}

}  // namespace landeff
