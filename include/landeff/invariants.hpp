#pragma once
// Invariants of the overlay and the apportionment (issue 3 §7), checked on every run and in
// property tests. A failure is a bug in landeff, never a data problem.
#include <string>
#include <vector>

#include "landeff/model.hpp"

namespace landeff {

// Returns a description of each invariant that does not hold (empty = all hold):
//  1. each parcel's share is in [0, 1] and its inside area ≤ its area;
//  2. without overlapping parks, the land apportioned to parks equals the parcels' land inside
//     parks, and parks + outside equals all parcel land;
//  3. money spread from enterprise rows onto parcels sums to the rows' money;
//  4. without overlapping parks, money apportioned to parks plus the money outside equals the
//     region's money;
//  5. unsupplied land never exceeds the approved land (per approval, per park);
//  6. with leases, land adds up: tenants hold no more than a parcel, each enterprise's land is its
//     parcels − leased out + leased in, and enterprises plus parcels without one hold all land at T.
std::vector<std::string> check_invariants(const Dataset& ds, const Analysis& an);

}  // namespace landeff
