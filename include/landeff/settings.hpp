#pragma once
// Every tunable number of rules.md as data: key, type, default, unit, source. The table drives
// validation of the config, `landeff config --defaults`, and the README's config reference.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace landeff {

enum class SettingType { Int, Number, String, Date, Bool };

struct SettingSpec {
    std::string_view key;      // dotted: "quality.area_tolerance"; top-level keys have no dot
    SettingType type;
    std::string_view def;      // default as TOML text; "" = required or derived (see doc)
    std::string_view unit;
    std::string_view source;   // where the default comes from
    std::string_view doc;
    std::string_view choices;  // '|'-separated allowed values for strings, or ""
    double min = -1e300;       // numeric range (inclusive)
    double max = 1e300;
};

std::span<const SettingSpec> setting_specs();
const SettingSpec* find_setting(std::string_view key);

using SettingValue = std::variant<int64_t, double, std::string, bool>;

class Settings {
public:
    Settings();  // all defaults
    void set(const std::string& key, SettingValue v);
    double number(const std::string& key) const;
    int64_t integer(const std::string& key) const;
    const std::string& str(const std::string& key) const;
    bool flag(const std::string& key) const;
    const std::map<std::string, SettingValue>& values() const { return m_values; }

private:
    const SettingValue& get(const std::string& key) const;
    std::map<std::string, SettingValue> m_values;
};

// The defaults as a commented TOML document (landeff config --defaults).
std::string defaults_as_toml();
// The reference as a Markdown table (README).
std::string defaults_as_markdown();

}  // namespace landeff
