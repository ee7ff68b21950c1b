#include "cli_util.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <openssl/evp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace landeff::test {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

static std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

CliResult run_landeff(const std::vector<std::string>& args) {
    TempDir io;
    std::string cmd = shell_quote(LANDEFF_BIN);
    for (const auto& a : args) cmd += " " + shell_quote(a);
    cmd += " >" + shell_quote((io.path() / "out").string()) + " 2>" + shell_quote((io.path() / "err").string()) +
           " </dev/null";
    const int status = std::system(cmd.c_str());
    CliResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(io.path() / "out");
    r.err = read_file(io.path() / "err");
    return r;
}

TempDir::TempDir() {
    std::random_device rd;
    m_path = fs::temp_directory_path() / ("landeff-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::map<std::string, std::string> fingerprint(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string rel = fs::relative(e.path(), dir).string();
        if (e.is_directory()) {
            out[rel] = "dir";
            continue;
        }
        const std::string data = read_file(e.path());
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
        std::string hex;
        for (unsigned i = 0; i < len; ++i) {
            static const char* h = "0123456789abcdef";
            hex += h[md[i] >> 4];
            hex += h[md[i] & 15];
        }
        out[rel] = std::to_string(data.size()) + ":" + hex;
    }
    return out;
}

std::map<std::string, Row> read_rows(const fs::path& file, const std::string& layer) {
    GDALAllRegister();
    std::map<std::string, Row> out;
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds || !ds->GetLayerByName(layer.c_str())) return out;
    for (auto& f : *ds->GetLayerByName(layer.c_str())) {
        Row r;
        for (int i = 0; i < f->GetFieldCount(); ++i)
            r[f->GetFieldDefnRef(i)->GetNameRef()] = f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
        r["#geom"] = f->GetGeometryRef() ? "yes" : "";
        out[f->GetFieldAsString(0)] = r;
    }
    return out;
}

double num(const Row& r, const std::string& key) {
    auto it = r.find(key);
    if (it == r.end() || it->second.empty()) return std::nan("");
    return std::stod(it->second);
}

std::string geojson_rect(double x0, double y0, double x1, double y1) {
    char b[400];
    std::snprintf(b, sizeof b, "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}",
                  500000 + x0, 3100000 + y0, 500000 + x1, 3100000 + y0, 500000 + x1, 3100000 + y1, 500000 + x0,
                  3100000 + y1, 500000 + x0, 3100000 + y0);
    return b;
}

std::vector<std::string> split_args(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    std::string a;
    while (in >> a) out.push_back(a);
    return out;
}

}  // namespace landeff::test
