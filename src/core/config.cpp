#include "landeff/config.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include <toml++/toml.h>

#include "landeff/error.hpp"
#include "landeff/messages.hpp"
#include "landeff/text.hpp"

namespace landeff {
namespace {

const std::vector<std::string> kInputKeys = {"path", "layer", "where", "encoding", "crs_in",
                                             "x_field", "y_field", "wkt_field"};

// "配置文件 c.toml 第 12 行" / "c.toml:12".
Text where(const std::filesystem::path& file, const toml::node& n) {
    return tr(Msg::ECfgAt, {file.string(), std::to_string(n.source().begin.line)});
}

Text did_you_mean(const std::string& near) { return near.empty() ? Text{} : tr(Msg::EDidYouMean, {near}); }

[[noreturn]] void unknown_key(const std::filesystem::path& file, const toml::node& n, const std::string& key,
                              const std::vector<std::string>& valid) {
    const std::string near = nearest(key, valid);
    throw ConfigError(Msg::ECfgUnknownKey,
                      {where(file, n), key, near.empty() ? tr(Msg::ECfgValidKeys, {join(valid, ", ")}) : did_you_mean(near)});
}

std::string require_string(const std::filesystem::path& file, const toml::node& n, const std::string& key) {
    if (auto s = n.value<std::string>()) return *s;
    throw ConfigError(Msg::ECfgNotText, {where(file, n), key});
}

std::vector<std::string> all_setting_keys() {
    std::vector<std::string> keys;
    for (const auto& s : setting_specs()) keys.emplace_back(s.key);
    keys.emplace_back("inputs");
    keys.emplace_back("fields");
    keys.emplace_back("years");
    return keys;
}

void apply_setting(Config& cfg, const SettingSpec& spec, const toml::node& n, const std::filesystem::path& file) {
    const std::string key(spec.key);
    const Text at = where(file, n);
    cfg.setting_lines[key] = static_cast<int>(n.source().begin.line);
    auto check_range = [&](double v) {
        // TOML allows nan and inf; no setting means either (NaN would pass every comparison).
        if (!std::isfinite(v))
            throw ConfigError(Msg::ECfgNotFinite, {at, key, std::isnan(v) ? std::string("nan") : v > 0 ? "inf" : "-inf",
                                                   std::string(spec.def.empty() ? "1" : spec.def)});
        if (v < spec.min || v > spec.max) {
            auto str = [](double x) {
                std::ostringstream os;
                os << x;
                return os.str();
            };
            throw ConfigError(Msg::ECfgOutOfRange, {at, key, str(v), str(spec.min), str(spec.max)});
        }
    };
    switch (spec.type) {
        case SettingType::Int: {
            auto v = n.value_exact<int64_t>();
            if (!v) throw ConfigError(Msg::ECfgNotInteger, {at, key});
            check_range(static_cast<double>(*v));
            cfg.settings.set(key, *v);
            break;
        }
        case SettingType::Number: {
            auto v = n.value<double>();
            if (!v || !(n.is_floating_point() || n.is_integer())) throw ConfigError(Msg::ECfgNotNumber, {at, key});
            check_range(*v);
            cfg.settings.set(key, *v);
            break;
        }
        case SettingType::Bool: {
            auto v = n.value_exact<bool>();
            if (!v) throw ConfigError(Msg::ECfgNotBool, {at, key});
            cfg.settings.set(key, *v);
            break;
        }
        case SettingType::Date: {
            std::string text;
            if (auto d = n.as_date()) {
                const auto& dv = d->get();
                text = Date::from_ymd(dv.year, dv.month, dv.day).iso();
            } else {
                text = require_string(file, n, key);
                auto parsed = parse_date(text);
                if (!parsed) throw ConfigError(Msg::ECfgNotDate, {at, key, quote_text(text)});
                text = parsed->iso();
            }
            cfg.settings.set(key, text);
            break;
        }
        case SettingType::String: {
            // A TOML date given to a text setting (notice.deadline = 2025-03-15) is its YYYY-MM-DD text.
            std::string v;
            if (auto d = n.as_date()) {
                const auto& dv = d->get();
                v = Date::from_ymd(dv.year, dv.month, dv.day).iso();
            } else {
                v = require_string(file, n, key);
            }
            if (!spec.choices.empty()) {
                const auto choices = split(spec.choices, '|');
                bool ok = false;
                for (const auto& c : choices) ok = ok || c == v;
                if (!ok)
                    throw ConfigError(Msg::ECfgNotChoice, {at, key, quote_text(v), join(choices, ", "), did_you_mean(nearest(v, choices))});
            }
            cfg.settings.set(key, v);
            break;
        }
    }
}

bool is_connection_string(const std::string& p) {
    return p.rfind("PG:", 0) == 0 || p.rfind("/vsi", 0) == 0 || p.find("://") != std::string::npos;
}

void parse_inputs(Config& cfg, const toml::table& t, const std::filesystem::path& file) {
    std::vector<std::string> layer_names;
    for (auto k : all_layer_kinds()) layer_names.emplace_back(schema(k).name);
    for (const auto& [k, node] : t) {
        const std::string name(k.str());
        if (!schema_by_name(name)) unknown_key(file, node, "inputs." + name, [&] {
            std::vector<std::string> v;
            for (auto& n : layer_names) v.push_back("inputs." + n);
            return v;
        }());
        const auto* tbl = node.as_table();
        if (!tbl) throw ConfigError(Msg::ECfgInputNotTable, {where(file, node), name});
        InputSpec in;
        in.name = name;
        in.line = static_cast<int>(node.source().begin.line);
        for (const auto& [ik, inode] : *tbl) {
            const std::string key(ik.str());
            const std::string full = "inputs." + name + "." + key;
            if (std::find(kInputKeys.begin(), kInputKeys.end(), key) == kInputKeys.end()) {
                std::vector<std::string> valid;
                for (auto& v : kInputKeys) valid.push_back("inputs." + name + "." + v);
                unknown_key(file, inode, full, valid);
            }
            const std::string v = require_string(file, inode, full);
            if (key == "path") in.path_as_written = v;
            else if (key == "layer") in.layer = v;
            else if (key == "where") in.where = v;
            else if (key == "encoding") in.encoding = v;
            else if (key == "crs_in") in.crs_in = v;
            else if (key == "x_field") in.x_field = v;
            else if (key == "y_field") in.y_field = v;
            else if (key == "wkt_field") in.wkt_field = v;
        }
        if (in.path_as_written.empty())
            throw ConfigError(Msg::ECfgInputNoPath, {where(file, node), name});
        if (is_connection_string(in.path_as_written) || std::filesystem::path(in.path_as_written).is_absolute())
            in.path = in.path_as_written;
        else
            in.path = (cfg.dir / in.path_as_written).lexically_normal().string();
        cfg.inputs[name] = in;
    }
}

void parse_fields(Config& cfg, const toml::table& t, const std::filesystem::path& file) {
    for (const auto& [k, node] : t) {
        const std::string layer(k.str());
        const LayerSchema* s = schema_by_name(layer);
        if (!s) {
            std::vector<std::string> valid;
            for (auto kind : all_layer_kinds()) valid.push_back("fields." + std::string(schema(kind).name));
            unknown_key(file, node, "fields." + layer, valid);
        }
        const auto* tbl = node.as_table();
        if (!tbl) throw ConfigError(Msg::ECfgFieldsNotTable, {where(file, node), layer});
        for (const auto& [fk, fnode] : *tbl) {
            const std::string canon(fk.str());
            if (field_index(*s, canon) < 0) {
                std::vector<std::string> valid;
                for (const auto& f : s->fields) valid.push_back("fields." + layer + "." + std::string(f.name));
                unknown_key(file, fnode, "fields." + layer + "." + canon, valid);
            }
            cfg.fields[layer][canon] = require_string(file, fnode, "fields." + layer + "." + canon);
        }
    }
}

}  // namespace

Config Config::for_year(int y) const {
    Config c = *this;
    c.years.clear();
    c.year = y;
    c.settings.set("year", static_cast<int64_t>(y));
    auto it = years.find(y);
    const std::string ed = it != years.end() ? it->second.eval_date : "";
    c.eval_date = ed.empty() ? Date::from_ymd(y, 12, 31) : *parse_date(ed);
    c.settings.set("eval_date", c.eval_date.iso());
    if (it != years.end())
        for (const auto& [name, in] : it->second.inputs) c.inputs[name] = in;
    return c;
}

const InputSpec* Config::input(LayerKind k) const {
    auto it = inputs.find(std::string(schema(k).name));
    return it == inputs.end() ? nullptr : &it->second;
}

Config parse_config(const std::string& text, const std::filesystem::path& file, std::optional<int> year_override) {
    Config cfg;
    cfg.file = file;
    cfg.dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    toml::table root;
    try {
        root = toml::parse(text, file.string());
    } catch (const toml::parse_error& e) {
        throw ConfigError(Msg::ECfgNotToml, {file.string(), std::to_string(e.source().begin.line),
                                             std::to_string(e.source().begin.column), std::string(e.description())});
    }
    const auto valid = all_setting_keys();
    for (const auto& [k, node] : root) {
        const std::string key(k.str());
        if (key == "years") {
            const auto* years = node.as_table();
            if (!years) throw ConfigError(Msg::ECfgYearsNotTables, {where(file, node)});
            for (const auto& [yk, ynode] : *years) {
                const std::string ys(yk.str());
                int y = 0;
                try {
                    y = std::stoi(ys);
                } catch (...) {
                }
                if (y < 1900 || y > 2200 || std::to_string(y) != ys)
                    throw ConfigError(Msg::ECfgYearKey, {where(file, ynode), ys});
                const auto* yt = ynode.as_table();
                if (!yt) throw ConfigError(Msg::ECfgYearNotTable, {where(file, ynode), ys});
                YearSpec spec;
                for (const auto& [k2, n2] : *yt) {
                    const std::string key2(k2.str());
                    if (key2 == "inputs" && n2.is_table()) {
                        Config tmp;
                        tmp.dir = cfg.dir;
                        parse_inputs(tmp, *n2.as_table(), file);
                        spec.inputs = tmp.inputs;
                    } else if (key2 == "eval_date") {
                        const std::string d = require_string(file, n2, "years." + ys + ".eval_date");
                        auto parsed = parse_date(d);
                        if (!parsed) throw ConfigError(Msg::ECfgYearEvalDate, {where(file, n2), ys, quote_text(d)});
                        spec.eval_date = parsed->iso();
                        cfg.setting_lines["years." + ys + ".eval_date"] = static_cast<int>(n2.source().begin.line);
                    } else {
                        unknown_key(file, n2, "years." + ys + "." + key2, {"years." + ys + ".inputs", "years." + ys + ".eval_date"});
                    }
                }
                cfg.years[y] = spec;
            }
        } else if (key == "inputs") {
            if (!node.is_table()) throw ConfigError(Msg::ECfgSectionNotTable, {where(file, node), "inputs"});
            parse_inputs(cfg, *node.as_table(), file);
        } else if (key == "fields") {
            if (!node.is_table()) throw ConfigError(Msg::ECfgSectionNotTable, {where(file, node), "fields"});
            parse_fields(cfg, *node.as_table(), file);
        } else if (const auto* spec = find_setting(key)) {
            apply_setting(cfg, *spec, node, file);
        } else if (const auto* tbl = node.as_table()) {
            bool section_known = false;
            for (const auto& s : setting_specs())
                section_known = section_known || std::string_view(s.key).starts_with(key + ".");
            if (!section_known) unknown_key(file, node, key, valid);
            for (const auto& [sk, snode] : *tbl) {
                const std::string full = key + "." + std::string(sk.str());
                const auto* sspec = find_setting(full);
                if (!sspec) unknown_key(file, snode, full, valid);
                apply_setting(cfg, *sspec, snode, file);
            }
        } else {
            unknown_key(file, node, key, valid);
        }
    }
    if (year_override) cfg.settings.set("year", static_cast<int64_t>(*year_override));
    // With [years.*] the latest listed year is the config's own year unless one is given.
    if (!cfg.years.empty() && cfg.settings.integer("year") == 0) cfg.settings.set("year", static_cast<int64_t>(cfg.years.rbegin()->first));
    cfg.year = static_cast<int>(cfg.settings.integer("year"));
    if (cfg.year == 0)
        throw ConfigError(Msg::ECfgNoYear, {file.string()});
    if (cfg.year < 1900 || cfg.year > 2200)
        throw ConfigError(Msg::ECfgYearRange, {file.string(), std::to_string(cfg.year)});
    const std::string ed = cfg.settings.str("eval_date");
    cfg.eval_date = ed.empty() ? Date::from_ymd(cfg.year, 12, 31) : *parse_date(ed);
    cfg.settings.set("eval_date", cfg.eval_date.iso());
    cfg.crs = cfg.settings.str("crs");
    for (auto kind : all_layer_kinds()) {
        const auto& s = schema(kind);
        bool in_every_year = !cfg.years.empty();
        for (const auto& [y, spec] : cfg.years) in_every_year = in_every_year && spec.inputs.count(std::string(s.name));
        if (s.required && !cfg.inputs.count(std::string(s.name)) && !in_every_year)
            throw ConfigError(Msg::ECfgInputMissing, {file.string(), std::string(s.name)});
    }
    // From here on an error is printed in the config's language (unless --lang said otherwise).
    set_ui_lang(lang_of(cfg.settings));
    validate_config(cfg);
    return cfg;
}

Config load_config(const std::filesystem::path& file, std::optional<int> year_override) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec))
            throw ConfigError(Msg::ECfgNotFound, {file.string()});
        throw ConfigError(Msg::ECfgUnreadable, {file.string()});
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_config(ss.str(), std::filesystem::absolute(file).lexically_normal(), year_override);
}

nlohmann::json Config::resolved() const {
    nlohmann::json j;
    j["config_file"] = file.filename().string();
    for (const auto& kv : settings.values()) {
        const std::string& key = kv.first;  // not a structured binding: clang 14 cannot capture one
        std::visit([&](const auto& x) { j["settings"][key] = x; }, kv.second);
    }
    for (const auto& [name, in] : inputs) {
        auto& o = j["inputs"][name];
        o["path"] = redact_secrets(in.path_as_written);
        if (!in.layer.empty()) o["layer"] = in.layer;
        if (!in.where.empty()) o["where"] = in.where;
        if (!in.encoding.empty()) o["encoding"] = in.encoding;
        if (!in.crs_in.empty()) o["crs_in"] = in.crs_in;
    }
    for (const auto& [layer, m] : fields)
        for (const auto& [c, src] : m) j["fields"][layer][c] = src;
    return j;
}

}  // namespace landeff
