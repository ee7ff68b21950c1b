#pragma once
// Errors that end a run, each carrying the exit code of README.
// Expected per-feature problems are not errors: they are findings (see findings.hpp).
//
// An error carries its text in both languages (issue 16): it is built from a Msg id and its
// arguments (`throw ConfigError(Msg::ECfgUnknownKey, {where, key, hint})`), and main.cpp prints the
// wording of ui_lang() — known only then: `--lang`, or the config's output.lang once it is read —
// after "landeff: 错误：" (zh) or "landeff: error: " (en). what() is the English wording (logs,
// unit tests); a catch that adds to a message uses text() so both wordings keep the addition.
// The constructors from one std::string remain for texts not worded in Chinese yet: that text
// then stands in both languages.
#include <initializer_list>
#include <stdexcept>
#include <string>

#include "landeff/messages.hpp"

namespace landeff {

enum class ExitCode : int { Ok = 0, RunFailed = 1, Usage = 2 };

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message) : Error(code, Text{message, message}) {}
    Error(ExitCode code, Text text) : std::runtime_error(text.en), m_code(code), m_text(std::move(text)) {}
    ExitCode code() const { return m_code; }
    const Text& text() const { return m_text; }
    const std::string& text(Lang lang) const { return m_text.in(lang); }

private:
    ExitCode m_code;
    Text m_text;
};

// A configuration or usage problem the user fixes in the config or on the command line (exit 2).
class ConfigError : public Error {
public:
    explicit ConfigError(const std::string& message) : Error(ExitCode::Usage, message) {}
    explicit ConfigError(Text text) : Error(ExitCode::Usage, std::move(text)) {}
    ConfigError(Msg m, std::initializer_list<Arg> args) : Error(ExitCode::Usage, tr(m, args)) {}
};

// An input that cannot be read, or an output that cannot be written (exit 1).
class RunError : public Error {
public:
    explicit RunError(const std::string& message) : Error(ExitCode::RunFailed, message) {}
    explicit RunError(Text text) : Error(ExitCode::RunFailed, std::move(text)) {}
    RunError(Msg m, std::initializer_list<Arg> args) : Error(ExitCode::RunFailed, tr(m, args)) {}
};

// Thrown when SIGINT/SIGTERM asked the run to stop; outputs are rolled back.
class Interrupted : public Error {
public:
    Interrupted() : Error(ExitCode::RunFailed, tr(Msg::EInterrupted)) {}
};

// The text of any exception in both languages: an Error's own, else what() in both.
inline Text text_of(const std::exception& e) {
    if (const auto* le = dynamic_cast<const Error*>(&e)) return le->text();
    return Text{e.what(), e.what()};
}

// The line main() prints for an error: "landeff: 错误：…" / "landeff: error: …" (scripts grep "landeff:").
inline std::string error_line(Lang lang, const std::string& message) {
    return std::string(lang == Lang::en ? "landeff: error: " : "landeff: 错误：").append(message);
}

}  // namespace landeff
