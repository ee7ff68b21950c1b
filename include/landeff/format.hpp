#pragma once
// One home for number formatting (issue 15 item 4): one formatter per kind of figure, used by the
// explanations (tests, violations, reasons, why, score_why), finding messages, the stderr summary,
// the maps, report.xlsx and report.html. A kind fixes its decimals, so the same figure reads the
// same in every output:
//
//   kind              decimals  example          used for
//   money_per_mu()    2         "12.34"          亩均 figures: 万元/亩 (tax, output, value added)
//   mu()              1         "15.0"           areas in mu (亩)
//   m2()              1         "40000.0"        areas in m² (overlaps, footprints)
//   ratio()           2         "0.38"           FAR, coverage, shares written as a ratio
//   percent()         1         "50.0 %"         a share written as a percentage (share × 100)
//   signed_percent()  1         "+3.2 %"         a change (compare)
//   wan()             2         "1234.56"        money in 万元
//   km() / km2()      2         "1.5 km"         distances, areas of platforms
//   number()          4 sig.    "0.375"          a figure of no fixed kind (grading points, scores)
//
// NaN prints as "—" in every kind (a missing figure is said, never printed as "nan").
#include <string>

namespace landeff::fmt {

// `v` with `decimals` digits after the point ("%.*f"); NaN → "—".
std::string fixed(double v, int decimals);
// `v` with up to `digits` significant digits, trailing zeros dropped ("%.*g"); NaN → "—".
std::string sig(double v, int digits = 4);

inline std::string money_per_mu(double v) { return fixed(v, 2); }
inline std::string mu(double v) { return fixed(v, 1); }
inline std::string m2(double v) { return fixed(v, 1); }
inline std::string ratio(double v) { return fixed(v, 2); }
inline std::string wan(double v) { return fixed(v, 2); }
inline std::string km(double v_km) { return fixed(v_km, 2); }
inline std::string km2(double v_km2) { return fixed(v_km2, 2); }
inline std::string number(double v) { return sig(v, 4); }
// A share (0.5) as a percentage with its sign: "50.0 %".
std::string percent(double share, int decimals = 1);
// A relative change (0.032) with its sign: "+3.2 %".
std::string signed_percent(double change, int decimals = 1);

// A figure and the threshold it is compared with, printed with the kind's decimals — or more, up
// to 6, when those would print two different numbers the same ("0.33330 < 0.33333", never
// "0.33 < 0.33"): an explanation never contradicts its own comparison.
struct Pair {
    std::string value, threshold;
};
Pair fixed_pair(double value, double threshold, int decimals);
inline Pair ratio_pair(double v, double t) { return fixed_pair(v, t, 2); }
inline Pair money_pair(double v, double t) { return fixed_pair(v, t, 2); }
inline Pair km2_pair(double v, double t) { return fixed_pair(v, t, 2); }
// Shares as percentages ("50.1 %" vs "50.0 %"), with more decimals when needed.
Pair percent_pair(double value, double threshold, int decimals = 1);

}  // namespace landeff::fmt
