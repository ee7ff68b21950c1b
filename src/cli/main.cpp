// landeff: land-use efficiency analysis. The single place that maps errors to exit codes.
#include <gdal_priv.h>
#include <unistd.h>

#include <algorithm>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "landeff/error.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"
#include "landeff/versions.hpp"

namespace {

// The signal that asked the run to stop: the exit status is 128 + its number (SIGINT → 130), as a
// shell reports a command a signal ended.
volatile std::sig_atomic_t g_signal = 0;

void on_signal(int sig) {
    g_signal = sig;
    landeff::stop_requested().store(true);
}

void quiet_gdal_errors(CPLErr cls, CPLErrorNum, const char* msg) {
    // GDAL's own warnings go to stderr only when they matter; errors reach us through return
    // values and CPLGetLastErrorMsg and are reported with file and layer names.
    if (cls == CE_Fatal) std::fprintf(stderr, "GDAL: %s\n", landeff::redact_secrets(msg).c_str());
}

}  // namespace

int main(int argc, char** argv) {
    // Every way a run is asked to stop ends it cleanly (no output, no staging folder): Ctrl-C,
    // kill, the terminal closed (SIGHUP), Ctrl-\ (SIGQUIT) and a reader that went away
    // (SIGPIPE: `landeff run … | head -1`).
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) std::signal(sig, on_signal);
    // A file-size limit (ulimit -f) must fail the write, not kill the process mid-file.
    std::signal(SIGXFSZ, SIG_IGN);
    GDALAllRegister();
    CPLSetErrorHandler(quiet_gdal_errors);
    // The language of what the terminal shows — errors, progress, --help — is known before anything
    // is parsed only from `--lang` on the command line (else Chinese, until a config says output.lang).
    for (int i = 1; i < argc; ++i) {
        const std::string_view a(argv[i]);
        const std::string_view v = a == "--lang" && i + 1 < argc ? std::string_view(argv[i + 1])
                                   : a.starts_with("--lang=")    ? a.substr(7)
                                                                 : std::string_view();
        if (v == "en" || v == "zh") landeff::set_ui_lang(v == "en" ? landeff::Lang::en : landeff::Lang::zh, true);
    }
    using landeff::Msg;
    using landeff::ui_lang;

    CLI::App app{landeff::say(ui_lang(), Msg::HApp, {LANDEFF_VERSION})};
    // The libraries whose behaviour shapes the figures (overlay, CRS, formats) are named too, so a
    // bug report or an audit knows exactly what computed them.
    const std::string version = std::string("landeff " LANDEFF_VERSION) + " (GDAL " + landeff::gdal_version() +
                                ", GEOS " + landeff::geos_version() + ", PROJ " + landeff::proj_version() + ")";
    app.set_version_flag("--version", version);
    app.require_subcommand(1);
    app.footer(landeff::say(ui_lang(), Msg::HFooter));

    std::vector<std::unique_ptr<landeff::cli::Command>> commands;
    commands.push_back(landeff::cli::make_run_command());
    commands.push_back(landeff::cli::make_inspect_command());
    commands.push_back(landeff::cli::make_synth_command());
    commands.push_back(landeff::cli::make_map_command());
    commands.push_back(landeff::cli::make_compare_command());
    commands.push_back(landeff::cli::make_merge_command());
    commands.push_back(landeff::cli::make_config_command());

    // `landeff help` is `landeff --help`; a first word that is no command (a typo such as `rnu`)
    // is a usage error that names the nearest command, before CLI11 says only "a subcommand is
    // required".
    if (argc >= 2 && argv[1][0] != '-' && std::string_view(argv[1]) != "help") {
        std::vector<std::string> names;
        for (auto& c : commands) names.emplace_back(c->name());
        if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
            const std::string near = landeff::nearest(argv[1], names);
            const auto text = landeff::tr(Msg::EUnknownCommand,
                                          {landeff::redact_secrets(argv[1]),
                                           near.empty() ? landeff::Text{} : landeff::tr(Msg::EDidYouMean, {near}),
                                           landeff::join(names, ", ")});
            std::cerr << landeff::error_line(ui_lang(), text.in(ui_lang())) << "\n";
            return 2;
        }
    }

    std::string command_line;
    for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
    for (auto& c : commands) {
        c->command_line = command_line;
        c->setup(*app.add_subcommand(c->name(), c->summary()));
    }
    if (argc >= 2 && std::string_view(argv[1]) == "help") {
        app.name("landeff");
        std::cout << app.help();
        return 0;
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 quotes the arguments it did not expect: an unquoted `--out PG:… password=x`
        // would show the password, so its message is redacted too.
        std::ostringstream msg;
        const int rc = app.exit(e, std::cout, msg);
        // A usage error reads like every other error: "landeff: error: …" (--help and --version
        // print to stdout and exit 0).
        const std::string text = msg.str();
        if (rc != 0 && ui_lang() == landeff::Lang::zh) {
            // CLI11's own sentence stays as it is (it quotes the option), inside a Chinese one.
            std::cerr << landeff::error_line(ui_lang(), landeff::redact_secrets(landeff::say(ui_lang(), Msg::EUsage, {e.what()}))) << "\n";
            return 2;
        }
        std::cerr << (rc != 0 && !text.empty() ? "landeff: error: " : "") << landeff::redact_secrets(text);
        return rc == 0 ? 0 : 2;
    }
    try {
        for (auto& c : commands)
            if (app.got_subcommand(c->name())) return c->run();
    } catch (const landeff::Interrupted& e) {
        // On a terminal the progress line is still open: the message starts on its own line.
        std::cerr << (isatty(STDERR_FILENO) ? "\n" : "") << landeff::error_line(ui_lang(), e.text(ui_lang())) << "\n";
        return 128 + (g_signal ? static_cast<int>(g_signal) : SIGINT);
    } catch (const landeff::Error& e) {
        // Every message passes the one redaction on its way out, whatever built it.
        std::cerr << landeff::error_line(ui_lang(), landeff::redact_secrets(e.text(ui_lang()))) << "\n";
        return static_cast<int>(e.code());
    } catch (const std::bad_alloc&) {
        std::cerr << landeff::error_line(ui_lang(), landeff::say(ui_lang(), Msg::EOutOfMemory)) << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << landeff::say(ui_lang(), Msg::EInternal, {landeff::redact_secrets(e.what())}) << "\n";
        return 1;
    }
    return 2;
}
