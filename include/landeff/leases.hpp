#pragma once
// Tenant enterprises (租赁企业, issue 17, rules.md §5): land from leased floor space.
//
// A lease active at T (start ≤ T ≤ end; a missing start or end is open) gives its tenant the host
// parcel's land × leased floor ÷ the parcel's floor area (leases.method = "floor", the default), or
// the lease's declared land (leases.method = "land"); the parcel's owner keeps the rest. Leases that
// together take more than the parcel are scaled down to it, so land adds up (invariants.hpp).
#include <string_view>
#include <vector>

#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

// Active at T: the start on or before T and the end on or after T (a lease ending on T still holds
// its floor space that day). Dates exactly on T count as at T (rules.md §4).
bool lease_active_at(const Record& lease, const Date& T);

// The tenant ids of leases active at T, in lease order (measure() gives each an EntResult).
std::vector<std::string_view> lease_tenant_ids(const Dataset& ds);

// Needs the enterprises sorted by ent_id with their parcel_m2 (inside measure()). Fills
// Analysis::leases and each EntResult's leased_in_m2 / leased_out_m2; records findings on leases
// without tenant, on unknown parcels, not active at T, overlapping, or over the floor area.
void apply_leases(const Dataset& ds, const LeaseRules& rules, Analysis& an, Findings& findings);

}  // namespace landeff
