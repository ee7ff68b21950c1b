#pragma once
// Errors that end a run, each carrying the exit code of README.
// Expected per-feature problems are not errors: they are findings (see findings.hpp).
#include <stdexcept>
#include <string>

namespace landeff {

enum class ExitCode : int { Ok = 0, RunFailed = 1, Usage = 2 };

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    ExitCode code() const { return m_code; }

private:
    ExitCode m_code;
};

// A configuration or usage problem the user fixes in the config or on the command line (exit 2).
class ConfigError : public Error {
public:
    explicit ConfigError(const std::string& message) : Error(ExitCode::Usage, message) {}
};

// An input that cannot be read, or an output that cannot be written (exit 1).
class RunError : public Error {
public:
    explicit RunError(const std::string& message) : Error(ExitCode::RunFailed, message) {}
};

// Thrown when SIGINT/SIGTERM asked the run to stop; outputs are rolled back.
class Interrupted : public Error {
public:
    Interrupted() : Error(ExitCode::RunFailed, "interrupted: the run was stopped, no output was written") {}
};

}  // namespace landeff
