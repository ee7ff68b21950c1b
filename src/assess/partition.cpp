#include "landeff/partition.hpp"

#include <cmath>
#include <map>

#include "landeff/indicators.hpp"

namespace landeff {

AdminLevel admin_level(std::string_view value) {
    if (value == "county") return AdminLevel::County;
    if (value == "city") return AdminLevel::City;
    return AdminLevel::All;  // "all", "none" (the settings table allows nothing else)
}

size_t admin_chars(const Settings& s, AdminLevel level) {
    switch (level) {
        case AdminLevel::County: return static_cast<size_t>(s.integer("partition.county_chars"));
        case AdminLevel::City: return static_cast<size_t>(s.integer("partition.city_chars"));
        case AdminLevel::All: break;
    }
    return 0;
}

std::string_view admin_code(std::string_view parcel_id, size_t chars) { return parcel_id.substr(0, std::min(chars, parcel_id.size())); }

namespace {

// The code with the largest land in `land`; ties: the smaller code (std::map iterates in order).
std::string largest(const std::map<std::string_view, double>& land) {
    std::string_view best;
    double best_m2 = -1;
    for (const auto& [code, m2] : land)
        if (m2 > best_m2) {
            best = code;
            best_m2 = m2;
        }
    return std::string(best);
}

}  // namespace

std::string enterprise_admin_code(const Dataset& ds, const Analysis& an, size_t ent, size_t chars) {
    const EntResult& e = an.ents[ent];
    std::map<std::string_view, double> at_t;
    for (uint32_t p : e.parcels) {
        const Record& r = ds.parcels.features[p].rec;
        if (supplied_after(r, ds.cfg.eval_date)) continue;  // DOMAIN §4: nobody's land at T
        const double m2 = std::isnan(an.parcels[p].area_m2) ? 0 : an.parcels[p].area_m2;
        at_t[admin_code(r.s(ParcelF::parcel_id), chars)] += m2;
    }
    if (!at_t.empty()) return largest(at_t);
    std::map<std::string_view, double> leased;
    for (const LeaseResult& l : an.leases)
        if (l.tenant == static_cast<int32_t>(ent))
            leased[admin_code(ds.parcels.features[l.parcel].rec.s(ParcelF::parcel_id), chars)] += l.land_m2;
    return largest(leased);
}

}  // namespace landeff
