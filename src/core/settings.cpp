#include "landeff/settings.hpp"

#include <limits>
#include <sstream>
#include <stdexcept>

namespace landeff {
namespace {

using T = SettingType;

constexpr SettingSpec kSpecs[] = {
    {"year", T::Int, "", "", "README", "Evaluation year. Required (or --year).", "", 1900, 2200},
    {"eval_date", T::Date, "", "", "rules.md §4", "Evaluation date T; empty = 31 December of `year`.", ""},
    {"allow_eval_date_outside_year", T::Bool, "false", "", "issue 14",
     "An eval_date (or years.<year>.eval_date) outside its evaluation year is usually a typo and draws a warning; "
     "true says it is meant (e.g. a 2024 evaluation as at 2025-03-31).", ""},
    {"crs", T::String, "\"auto\"", "", "rules.md §1",
     "Working projected CRS for areas (any PROJ/GDAL definition, e.g. \"EPSG:4549\"); \"auto\" = the "
     "CGCS2000 3° Gauss-Krüger zone (with zone prefix, EPSG:4488+zone) of the parks' centre inside "
     "China, the WGS 84 UTM zone elsewhere.", ""},
    {"crs_max_area_error", T::Number, "0.003", "ratio", "issue 14",
     "Planar mode refuses a working CRS whose areal scale factor at the data's centre (from PROJ's transform) differs "
     "from 1 by more than this. 0.003 (0.3 %) accepts every 3° and 6° Gauss-Krüger zone and every UTM zone for "
     "data inside it (worst case 0.27 %, a 6° zone's edge at the equator) and a neighbouring 3° zone up to about "
     "3.5° of longitude away at 28°N; it refuses Web Mercator EPSG:3857 anywhere in China (+29 % at 28°N) and far-away "
     "zones. Ellipsoidal area mode measures areas on the ellipsoid whatever the projection, so it is not checked "
     "there (distances such as platform.host_km are still measured in the working CRS).",
     "", 0, 1},
    {"area_mode", T::String, "\"planar\"", "", "rules.md §1",
     "How areas are measured: \"planar\" in the working CRS, or \"ellipsoidal\" (椭球面积, the 2008 land-survey "
     "series on the working CRS's ellipsoid, 国土调查办发〔2008〕32号).", "planar|ellipsoidal"},
    {"quality.area_tolerance", T::Number, "0.05", "ratio", "rules.md §1",
     "Registered vs measured parcel area: a relative difference above this is a finding.", "", 0, 10},
    {"quality.overlap_min_m2", T::Number, "1.0", "m²", "issue 2",
     "Two parcels overlapping by more than this area are a finding.", "", 0, 1e12},
    {"quality.far_max", T::Number, "20", "", "issue 2",
     "A floor-area ratio above this is impossible and a finding.", "", 0, 1e6},
    {"quality.examples", T::Int, "3", "", "landeff",
     "How many example messages per finding code the stderr summary shows.", "", 0, 1000},
    {"area.densify_m", T::Number, "50", "m", "landeff",
     "Ellipsoidal mode: edges longer than this are split before projecting back to latitude/longitude, so a "
     "boundary straight in the survey plane stays straight.", "", 1, 1e6},
    {"control.preset", T::String, "\"cn-2008\"", "", "rules.md §3",
     "Control-indicator preset: \"cn-2008\" (国土资发〔2008〕24号), \"cn-2023\" (coverage ≥ 40 %), or a path to "
     "your own copy of data/standards/cn-2008.toml.", ""},
    {"control.ind_standard", T::String, "\"2017\"", "", "rules.md §3",
     "Which GB/T 4754 edition the parcels' ind_code follows; 2017 and 2011 codes go through the preset's crosswalk "
     "to the 2002 divisions of the FAR table.", "2017|2011|2002"},
    {"control.industrial_prefixes", T::String, "\"1001|0601|M1|M2|M3|M|工业\"", "", "rules.md §2",
     "Land-use codes (prefixes, '|'-separated) that are industrial land: the control indicators apply to these; "
     "contract conditions apply to every parcel.", ""},
    {"control.coverage_min", T::Number, "", "ratio", "preset",
     "Minimum building coverage (建筑系数); empty = the preset's (cn-2008 0.30, cn-2023 0.40).", "", 0, 1},
    {"control.admin_max", T::Number, "", "ratio", "preset",
     "Maximum share of admin/living land (行政办公及生活服务设施用地); empty = the preset's (0.07).", "", 0, 1},
    {"control.green_max", T::Number, "", "ratio", "preset",
     "Maximum green ratio (绿地率); empty = the preset's (0.20).", "", 0, 1},
    {"control.inv_table", T::String, "\"\"", "", "rules.md §3",
     "CSV of minimum investment intensity (万元/公顷) by industry × region class; empty = the shipped "
     "data/standards/investment_intensity.csv, which is empty until you fill it.", ""},
    {"control.region_class", T::Int, "0", "", "rules.md §3",
     "Region class 1–7 (一类…七类, from the land-price grade) for the investment-intensity table; 0 = not set "
     "(no table check).", "", 0, 7},
    {"states.sliver_m2", T::Number, "1.0", "m²", "rules.md §4",
     "批而未供: pieces of approved-but-unsupplied land smaller than this are dropped.", "", 0, 1e9},
    {"states.old_approval_years", T::Int, "5", "years", "rules.md §4",
     "批而未供 approved at least this many full years ago is flagged old (a common supervision cut).", "", 0, 100},
    {"states.idle_years", T::Int, "1", "years", "国土资源部令第53号 art. 2",
     "Idle (test a): not started this many full years (calendar anniversaries) after the agreed start date; also "
     "the suspension needed for test (b).", "", 1, 100},
    {"states.dev_share_min", T::Number, "0.3333333333333333", "ratio", "国土资源部令第53号 art. 2",
     "Idle (test b): developed area under this share of the area to develop …", "", 0, 1},
    {"states.inv_share_min", T::Number, "0.25", "ratio", "国土资源部令第53号 art. 2",
     "… or investment under this share of the total (both excluding land price), with construction suspended.", "",
     0, 1},
    {"states.fee_rate", T::Number, "0.20", "ratio", "国土资源部令第53号 art. 14",
     "Idle-land fee as a share of the land price (not charged for a government cause).", "", 0, 1},
    {"states.recover_years", T::Int, "2", "years", "国土资源部令第53号 art. 14",
     "Idle this many full years: candidate for recovery without compensation (无偿收回).", "", 1, 100},
    {"states.tests", T::String,
     "\"far_low|coverage_low|tax_low|not_in_production|below_contract|underbuilt|dev_low|grade_d\"", "",
     "rules.md §4",
     "Inefficiency tests that are on ('|'-separated): far_low, coverage_low, tax_low, not_in_production (建而未投), "
     "below_contract (投而未达标), underbuilt (用而未尽: built footprint share), dev_low (developed area share of the "
     "planned), grade_d (the enterprise is graded D).", ""},
    {"states.tax_low_share", T::Number, "0.5", "ratio", "rules.md §4 [C]",
     "tax_low: per-mu tax below this share of the benchmark (the median of producing parcels).", "", 0, 10},
    {"states.tax_low_scope", T::String, "\"park\"", "", "rules.md §4 [C]",
     "tax_low benchmark: \"park\" (median of producing parcels in the same park; the region's for parcels outside "
     "parks), \"region\", or \"fixed\" (states.tax_low_fixed).", "park|region|fixed"},
    {"states.tax_low_region", T::String, "\"all\"", "", "rules.md §10 [C]",
     "Where the region median of tax_low is taken (parcels outside every park with tax_low_scope = \"park\", every "
     "parcel with \"region\"): \"all\" (the whole run), \"city\" or \"county\" (the producing parcels with the "
     "parcel's own code, partition.city_chars / partition.county_chars of its parcel_id). A run split by "
     "partition.by needs it no coarser than the partition (run --partition says so).", "all|city|county"},
    {"states.tax_low_fixed", T::Number, "", "万元/亩", "rules.md §4 [C]",
     "tax_low benchmark when states.tax_low_scope = \"fixed\".", "", 0, 1e9},
    {"states.underbuilt_share", T::Number, "0.3333333333333333", "ratio", "rules.md §4 [C]",
     "underbuilt (用而未尽): built footprint (buildings + structures + yards, the footprint field; else the reported "
     "coverage) under this share of the parcel's area.", "", 0, 1},
    {"states.dev_low_share", T::Number, "0.3333333333333333", "ratio", "rules.md §4 [C]",
     "dev_low: developed area (dev_m2) under this share of the area to develop (plan_m2).", "", 0, 1},
    {"states.built_unsupplied", T::Bool, "true", "", "rules.md §4 [L]",
     "批而未供: a parcel with no supply date (in a parcels layer that has the supply_dt field) that is started or "
     "built — a start, completion or production recorded by T, or floor area or footprint above 0 — does not supply "
     "its approval (finding built_unsupplied). false: it counts as supplied. A layer without the field: every "
     "parcel counts as supplied (finding no_supply_dates).", ""},
    {"worklist.due_within_days", T::Int, "90", "days", "rules.md §4 (动态巡查)",
     "Patrol worklist: a start or completion due within this many days after T (T itself included) is listed as a "
     "reminder (临近约定开工日/竣工日).", "", 0, 3650},
    {"worklist.review_years", T::Int, "3", "years", "rules.md §4 (达产复核)",
     "Patrol worklist: a standard-land contract's promised per-mu output, tax and investment intensity are reviewed "
     "(达产复核) this many years after completion; listed once the review date is within worklist.due_within_days "
     "of T or past.", "", 0, 100},
    {"worklist.term_within_years", T::Int, "2", "years", "rules.md §4 (弹性出让年期)",
     "Patrol worklist: a land-use term (term_end, or supply_dt + term_yrs) ending within this many years after T, or "
     "ended, is listed so the bureau decides renewal or recovery.", "", 0, 100},
    {"leases.method", T::String, "\"floor\"", "", "甬亩均办〔2022〕7号, 慈亩均办〔2024〕40号 / rules.md §5 [L]",
     "A tenant's land (租赁企业, the leases input): \"floor\" = the host parcel's land × the lease's leased floor area "
     "(leased_m2) ÷ the parcel's floor area (floor_m2); \"land\" = the land the lease declares (land_m2). The owner's "
     "land shrinks by as much; leases that together exceed the parcel are scaled down to it.", "floor|land"},
    {"policy.table", T::String,
     "\"C:差别化电价:元/kWh:0.1:elec; D:差别化电价:元/kWh:0.3:elec; C:差别化水价:元/吨:0.5:water; D:差别化水价:元/吨:1:water; "
     "D:污水处理费加价:元/吨:0.5:water; A:城镇土地使用税减免:%:100:\"",
     "", "浙政发〔2018〕5号 (资源要素差别化配置) / rules.md §5 [C]",
     "Differentiated policies by grade (差别化政策, report.xlsx sheet 差别化政策): rows separated by ';', each "
     "grade:measure:unit:rate:quantity. quantity = elec (the enterprise's electricity, 万kWh: amount 万元 = elec × rate "
     "元/kWh) or water (its water use, 吨: amount 万元 = water × rate 元/吨 ÷ 10000), or empty (no amount: the measure "
     "is listed, its amount set by the bureau). The rates are examples to be replaced by the local rules; empty = no "
     "policies.", ""},
    {"grading.min_mu", T::Number, "5", "亩", "浙政发〔2018〕5号 / rules.md §5",
     "Enterprises with less land (their parcels' measured area, else their own reported land) are not graded "
     "(N); many counties use 3.", "", 0, 1e6},
    {"grading.min_age_years", T::Int, "0", "years", "rules.md §5 [C]",
     "Enterprises founded fewer than this many years before the evaluation year are not graded (0 = off).", "", 0,
     100},
    {"grading.item_cap", T::Number, "2", "× weight", "rules.md §5 [C]",
     "Each item's points are capped at this multiple of its weight.", "", 0, 100},
    {"grading.w_tax", T::Number, "30", "points", "zj-huangyan",
     "Above-scale weight of 亩均税收 (tax per mu).", "", 0, 1000},
    {"grading.w_va", T::Number, "20", "points", "zj-huangyan", "Above-scale weight of 亩均增加值.", "", 0, 1000},
    {"grading.w_energy", T::Number, "20", "points", "zj-huangyan", "Above-scale weight of 单位能耗增加值.", "", 0, 1000},
    {"grading.w_emission", T::Number, "10", "points", "zj-huangyan", "Above-scale weight of 单位排放增加值.", "", 0, 1000},
    {"grading.w_labor", T::Number, "10", "points", "zj-huangyan", "Above-scale weight of 全员劳动生产率.", "", 0, 1000},
    {"grading.w_rd", T::Number, "10", "points", "zj-huangyan", "Above-scale weight of R&D 占比.", "", 0, 1000},
    {"grading.w_below_tax", T::Number, "50", "points", "zj-huangyan", "Below-scale weight of 亩均税收.", "", 0, 1000},
    {"grading.w_below_elec", T::Number, "50", "points", "zj-huangyan", "Below-scale weight of 单位电耗税收.", "", 0, 1000},
    {"grading.b_tax", T::Number, "", "万元/亩", "rules.md §5",
     "Benchmark b1 for 亩均税收; empty = the ranked above-scale population's Σtax / Σland (Huangyan 2022: 24.097).",
     "", 0, 1e12},
    {"grading.b_va", T::Number, "", "万元/亩", "rules.md §5", "Benchmark b2 (Huangyan 2022: 136.16); empty = Σva / Σland.", "", 0, 1e12},
    {"grading.b_energy", T::Number, "", "万元/吨标煤", "rules.md §5", "Benchmark b3 (2.694); empty = Σva / Σenergy.", "", 0, 1e12},
    {"grading.b_emission", T::Number, "", "万元/吨", "rules.md §5", "Benchmark b4 (4929.81); empty = Σva / Σemission.", "", 0, 1e12},
    {"grading.b_labor", T::Number, "", "万元/人", "rules.md §5", "Benchmark b5 (18.14); empty = Σva / Σemployees.", "", 0, 1e12},
    {"grading.b_rd", T::Number, "", "ratio", "rules.md §5", "Benchmark b6 (0.0302); empty = Σrd / Σrevenue.", "", 0, 1e12},
    {"grading.b_below_tax", T::Number, "", "万元/亩", "rules.md §5", "Benchmark b7 (11.5932); empty = the below-scale population's Σtax / Σland.", "", 0, 1e12},
    {"grading.b_below_elec", T::Number, "", "万元/万kWh", "rules.md §5", "Benchmark b8 (0.2352); empty = Σtax / Σelectricity.", "", 0, 1e12},
    {"grading.band_mode", T::String, "\"rank\"", "", "rules.md §5",
     "\"rank\": grades by rank share (grading.bands); \"score\": by score thresholds (grading.score_bands).", "rank|score"},
    {"grading.bands", T::String, "\"20|40|35|5\"", "% A|B|C|D", "huaian preset (rules.md §5)",
     "Shares of the ranked population graded A|B|C|D, rounded as grading.band_rounding says (another preset: "
     "25|45|25|5).", ""},
    {"grading.band_rounding", T::String, "\"cumulative\"", "", "rules.md §5 [C]",
     "How band shares become counts. \"cumulative\": the cut-offs are the cumulative shares × n rounded half up "
     "(20|40|35|5 of 20: 4, 12, 19), so a population of 10 or fewer gets no D (19 % of 10 = 9.5 → 10). "
     "\"per_band\": A, B and D are each rounded half up (5 % of 10 = 0.5 → 1 D), D at least 1 once the population "
     "reaches grading.min_for_d, C takes the rest.", "cumulative|per_band"},
    {"grading.min_for_d", T::Int, "5", "enterprises", "rules.md §5 [C]",
     "With band_rounding = \"per_band\": a ranked population of at least this many has at least one D (0 = no "
     "minimum).", "", 0, 1000000},
    {"grading.scope", T::String, "\"C\"", "", "rules.md §5",
     "Industries graded ('|'-separated GB/T 4754 sections, divisions or division ranges, e.g. \"C\" = "
     "manufacturing, \"13-43\", \"C|44-46\"); others get N. The code is the enterprise's ind_code, else that of "
     "its largest parcel (ties: the smaller parcel_id); a code without a section letter is placed by its division "
     "in the control.ind_standard edition. An enterprise with no readable industry code anywhere is graded.", ""},
    {"grading.score_bands", T::String, "\"\"", "points A|B|C", "rules.md §5",
     "With band_mode = \"score\": the minimum score of A|B|C, e.g. \"120|90|60\"; below C is D.", ""},
    {"grading.lists", T::String, "\"scale\"", "", "甬亩均办〔2022〕7号, 慈亩均办〔2024〕40号 / rules.md §5 [L]",
     "The ranked lists, each with its own benchmarks and bands. \"scale\": above-scale (规上) and below-scale (规下); "
     "\"ningbo\" (preset of the Ningbo and Cixi rules): 规上; 规下 with land ≥ grading.small_mu; 规下 below it; tenants "
     "(租赁企业: no land of their own at T, land from leases or the leased flag), whatever their scale. Exempt and "
     "forced-D enterprises are in no list; grading.min_mu applies first (set it to 0 to rank every 规下).", "scale|ningbo"},
    {"grading.small_mu", T::Number, "3", "亩", "甬亩均办〔2022〕7号 / rules.md §5 [L]",
     "With grading.lists = \"ningbo\": 规下 enterprises with at least this much land are in the list below_ge, the others "
     "in below_lt.", "", 0, 1e6},
    {"grading.bands_above", T::String, "\"\"", "% A|B|C|D", "rules.md §5",
     "Bands of the above-scale list; empty = grading.bands.", ""},
    {"grading.bands_below", T::String, "\"\"", "% A|B|C|D", "rules.md §5",
     "Bands of the below-scale list (with \"ningbo\": 规下 with land ≥ grading.small_mu); empty = grading.bands.", ""},
    {"grading.bands_small", T::String, "\"\"", "% A|B|C|D", "rules.md §5",
     "With \"ningbo\": bands of the list 规下 below grading.small_mu; empty = grading.bands.", ""},
    {"grading.bands_tenant", T::String, "\"\"", "% A|B|C|D", "rules.md §5",
     "With \"ningbo\": bands of the tenants' list; empty = grading.bands.", ""},
    {"grading.b_small_tax", T::Number, "", "万元/亩", "rules.md §5",
     "With \"ningbo\": the 亩均税收 benchmark of the list 规下 below grading.small_mu (scored like 规下, weights "
     "grading.w_below_*); empty = that list's Σtax / Σland.", "", 0, 1e12},
    {"grading.b_small_elec", T::Number, "", "万元/万kWh", "rules.md §5",
     "With \"ningbo\": its 单位电耗税收 benchmark; empty = that list's Σtax / Σelectricity.", "", 0, 1e12},
    {"grading.b_tenant_tax", T::Number, "", "万元/亩", "rules.md §5 [C]",
     "With \"ningbo\": the tenants' 亩均税收 benchmark (tenants are scored like 规下, weights grading.w_below_*); "
     "empty = the tenants' Σtax / Σland.", "", 0, 1e12},
    {"grading.b_tenant_elec", T::Number, "", "万元/万kWh", "rules.md §5 [C]",
     "With \"ningbo\": the tenants' 单位电耗税收 benchmark; empty = the tenants' Σtax / Σelectricity.", "", 0, 1e12},
    // Partitions and ranking populations (issue 21, rules.md §10).
    {"grading.population", T::String, "\"all\"", "", "rules.md §10",
     "The population each list is ranked in, with its own population benchmarks and bands: \"all\" the whole run, "
     "\"county\" each county (区县) and \"city\" each city (设区市) apart. An enterprise's county or city is the one "
     "holding most of its land at T (partition.county_chars / partition.city_chars of its parcels' parcel_id; ties: "
     "the smaller code); an enterprise with no land of its own at T (a tenant), most of the land it leases at T.",
     "all|county|city"},
    {"partition.by", T::String, "\"none\"", "", "rules.md §10",
     "How a run may be split into partitions that change no figure: \"none\", \"county\" or \"city\" (a parcel's "
     "partition is the first partition.county_chars / partition.city_chars characters of its parcel_id, 宗地代码). A "
     "partition finer than grading.population is a configuration error (a county partition cannot rank a city).",
     "none|county|city"},
    {"partition.county_chars", T::Int, "6", "characters", "GB/T 2260, TD/T 1001 (宗地代码) / rules.md §10",
     "Length of the county (县级行政区) code at the start of a parcel_id.", "", 1, 64},
    {"partition.city_chars", T::Int, "4", "characters", "GB/T 2260, TD/T 1001 (宗地代码) / rules.md §10",
     "Length of the city (地级行政区) code at the start of a parcel_id.", "", 1, 64},
    {"score.cap_100", T::Bool, "true", "", "rules.md §6",
     "Cap each standardised indicator score at 100 (S = X/T·100 can exceed 100 when X beats its ideal value).", ""},
    {"score.residential_prefixes", T::String, "\"07|R\"", "", "rules.md §6",
     "Land-use codes of residential land (A1).", ""},
    {"score.storage_prefixes", T::String, "\"1101|0508|W\"", "", "rules.md §6",
     "Land-use codes of storage land, counted with industrial land in A2.", ""},
    {"score.zone_ind_min", T::Number, "0.30", "ratio", "TD/T 1029 practice [L]",
     "Industry-led zone when A2/A is above this …", "", 0, 1},
    {"score.zone_res_max", T::Number, "0.25", "ratio", "TD/T 1029 practice [L]", "… and A1/A below this.", "", 0, 1},
    {"score.t_supply", T::Number, "1.0", "ratio", "rules.md §6 [C]", "Ideal value of 土地供应率 D/(A+B21) (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_supply", T::Number, "0.5", "", "rules.md §6 [L]", "Weight of 土地供应率 D/(A+B21) within its group.", "", 0, 1000},
    {"score.t_built", T::Number, "1.0", "ratio", "rules.md §6 [C]", "Ideal value of 土地建成率 A/D (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_built", T::Number, "0.5", "", "rules.md §6 [L]", "Weight of 土地建成率 A/D within its group.", "", 0, 1000},
    {"score.t_ind", T::Number, "0.6", "ratio", "rules.md §6 [C]", "Ideal value of 工业用地率 A2/A (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_ind", T::Number, "1", "", "rules.md §6 [L]", "Weight of 工业用地率 A2/A within its group.", "", 0, 1000},
    {"score.t_far", T::Number, "1.0", "", "rules.md §6 [C]", "Ideal value of 综合容积率 floor/A (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_far", T::Number, "0.25", "", "rules.md §6 [L]", "Weight of 综合容积率 floor/A within its group.", "", 0, 1000},
    {"score.t_cov", T::Number, "0.40", "ratio", "rules.md §6 [C]", "Ideal value of 建筑密度 footprint/A (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_cov", T::Number, "0.22", "", "rules.md §6 [L]", "Weight of 建筑密度 footprint/A within its group.", "", 0, 1000},
    {"score.t_far_ind", T::Number, "1.2", "", "rules.md §6 [C]", "Ideal value of 工业用地综合容积率 (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_far_ind", T::Number, "0.25", "", "rules.md §6 [L]", "Weight of 工业用地综合容积率 within its group.", "", 0, 1000},
    {"score.t_cov_ind", T::Number, "0.50", "ratio", "rules.md §6 [C]", "Ideal value of 工业用地建筑系数 (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_cov_ind", T::Number, "0.28", "", "rules.md §6 [L]", "Weight of 工业用地建筑系数 within its group.", "", 0, 1000},
    {"score.t_inv", T::Number, "6000", "万元/公顷", "rules.md §6 [C]", "Ideal value of 工业用地固定资产投入强度 (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_inv", T::Number, "0.5", "", "rules.md §6 [L]", "Weight of 工业用地固定资产投入强度 within its group.", "", 0, 1000},
    {"score.t_tax", T::Number, "450", "万元/公顷", "rules.md §6 [C]", "Ideal value of 工业用地地均税收 (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_tax", T::Number, "0.5", "", "rules.md §6 [L]", "Weight of 工业用地地均税收 within its group.", "", 0, 1000},
    {"score.t_tax_all", T::Number, "300", "万元/公顷", "rules.md §6 [C]", "Ideal value of 综合地均税收 (reported; weight 0 in the preset).", "", 0, 1e9},
    {"score.w_tax_all", T::Number, "0", "", "rules.md §6 [L]", "Weight of 综合地均税收 within 用地效益 (0: reported, not scored).", "", 0, 1000},
    {"score.t_idle", T::Number, "0", "ratio", "rules.md §6 [C]", "Ideal value of 土地闲置率 G/D (S = (1−X)/(1−T)·100) (set per evaluation; this default is illustrative).", "", 0, 1e9},
    {"score.w_idle", T::Number, "1", "", "rules.md §6 [L]", "Weight of 土地闲置率 G/D (S = (1−X)/(1−T)·100) within its group.", "", 0, 1000},
    {"score.w_use", T::Number, "0.7", "", "rules.md §6 [L]", "Weight of 土地利用状况.", "", 0, 1000},
    {"score.w_degree", T::Number, "0.25", "", "rules.md §6 [L]", "Weight of 利用程度 (within 利用状况).", "", 0, 1000},
    {"score.w_structure", T::Number, "0.25", "", "rules.md §6 [L]", "Weight of 用地结构 (within 利用状况).", "", 0, 1000},
    {"score.w_intensity", T::Number, "0.5", "", "rules.md §6 [L]", "Weight of 利用强度 (within 利用状况).", "", 0, 1000},
    {"score.w_benefit", T::Number, "0.2", "", "rules.md §6 [L]", "Weight of 用地效益.", "", 0, 1000},
    {"score.w_management", T::Number, "0.1", "", "rules.md §6 [L]", "Weight of 管理绩效.", "", 0, 1000},
    {"platform.restricted_share", T::Number, "0.5", "ratio", "rules.md §7 rule 1 (seed 000)",
     "A platform with more than this share of its area inside a restricted-development zone → exit.", "", 0, 1},
    {"platform.urban_share", T::Number, "0.5", "ratio", "rules.md §7 rule 2 (seed 004)",
     "A platform that is not national or provincial, with more than this share inside the main urban area → innovate.",
     "", 0, 1},
    {"platform.host_km", T::Number, "3", "km", "rules.md §7 rule 3 (seed 004)",
     "A platform that is not national or provincial, within this boundary-to-boundary distance of a national or "
     "provincial platform → consolidate, hosted by the nearest.", "", 0, 1e4},
    {"platform.min_km2", T::Number, "1", "km²", "rules.md §7 rule 4",
     "Retain needs at least this area …", "", 0, 1e6},
    {"platform.lead_share", T::Number, "0.5", "ratio", "rules.md §7 rule 4 (seed 000)",
     "… at least this share of its industrial parcel land in its leading industries …", "", 0, 1},
    {"platform.tax_benchmark", T::Number, "", "万元/亩", "rules.md §7 rule 4",
     "… and per-mu tax at least this; empty = the median per-mu tax of all platforms with parcel land.", "", 0, 1e9},
    {"platform.public_prefixes", T::String, "\"08|A\"", "", "seed 002",
     "Land-use codes of public-service land, for the industry : residential : public-service ratio (1:1:1 rule).", ""},
    {"platform.dev_outside_max", T::Number, "", "ratio", "rules.md §9 [C]",
     "Rule 0 of the platform classification: a platform with more than this share of its area outside the urban "
     "development boundary → exit; empty = rule off.", "", 0, 1},
    {"platform.farmland_max", T::Number, "", "ratio", "rules.md §9 [C]",
     "Rule 0: a platform with more than this share of its area on permanent basic farmland → exit; empty = rule off.",
     "", 0, 1},
    // The development-zone check (issue 18, rules.md §9). 三调 codes: 《国土调查工作分类》 (2019, the
    // third land survey's working classification, built on GB/T 21010-2017); plan codes: 《国土空间调查、
    // 规划、用途管制用地用海分类指南》 (自然资发〔2023〕234号). Code lists are '|'-separated prefixes.
    {"devzone.lu_construction", T::String, "\"05|06|07|08|09|1001|1002|1003|1004|1005|1007|1008|1009|1109|1201\"", "",
     "《国土调查工作分类》 / GB/T 21010-2017 (rules.md §9)",
     "三调 codes (DLBM prefixes) of construction land (建设用地): 05 commercial and storage, 06 industrial and mining, 07 "
     "residential, 08 public, 09 special, 10 transport except 1006 rural roads, 1109 hydraulic works, 1201 vacant "
     "land inside settlements.", ""},
    {"devzone.lu_industrial", T::String, "\"0601\"", "", "《国土调查工作分类》 0601 工业用地 (rules.md §9)",
     "三调 codes of industrial land: the numerator of the current industrial-land ratio.", ""},
    {"devzone.lu_mining", T::String, "\"0602\"", "", "《国土调查工作分类》 0602 采矿用地 (rules.md §9)",
     "三调 codes of mining land.", ""},
    {"devzone.lu_storage", T::String, "\"0508\"", "", "《国土调查工作分类》 0508 物流仓储用地 (rules.md §9)",
     "三调 codes of storage land.", ""},
    {"devzone.plan_construction", T::String, "\"07|08|09|10|11|12|13|14|15|16\"", "",
     "用地用海分类 (自然资发〔2023〕234号) (rules.md §9)",
     "Plan codes (plan_code prefixes) of planned construction land: 07 residential … 15 special, 16 reserved (留白).", ""},
    {"devzone.plan_industrial", T::String, "\"1001\"", "", "用地用海分类 1001 工业用地 (rules.md §9)",
     "Plan codes of planned industrial land: the numerator of the planned industrial-land ratio.", ""},
    {"devzone.supply_years_n", T::Int, "5", "years", "rules.md §9 (DevZoneCheck)",
     "Supply years remaining: the mean annual supply is taken over the N years ending at the evaluation date T, "
     "i.e. supply dates in (T − N years, T].", "", 1, 100},
    {"devzone.proof_of_use", T::String, "\"unsupplied\"", "", "rules.md §9 [C]",
     "What counts as land with proof of use in the supply-years formula: \"unsupplied\" = approved but not supplied "
     "(批而未供) land inside the zone (its approval is its proof of use), \"none\" = nothing.", "unsupplied|none"},
    {"devzone.diverted_codes", T::String, "\"05H1|0501|0502|0503|0504|0505|0506|0507|07|08|09\"", "",
     "seed 004 (挪作他用), 《国土调查工作分类》",
     "三调 codes of a use other than industry: commercial (05H1, 0501–0507; not 0508 storage), residential 07, public "
     "08, special 09. A supplied industrial parcel is diverted when these cover more than devzone.diverted_share of it.",
     ""},
    {"devzone.diverted_share", T::Number, "0.5", "ratio", "seed 004 (挪作他用) [C]",
     "A supplied industrial parcel whose area under devzone.diverted_codes is more than this share of its area is "
     "flagged diverted (挪作他用); exactly the share is not.", "", 0, 1},
    {"devzone.map_margin_m", T::Number, "1000", "m", "issue 18",
     "The control lines (ctl_dev, ctl_farm, ctl_eco in landeff.gpkg, for the devzone map) are clipped to the parks' "
     "extent grown by this margin on every side, so a county's whole farmland layer is not copied.",
     "", 0, 100000},
    {"devzone.quota_checks", T::String, "\"far_min|inv_min\"", "", "seed 002 (容积率、亩均投资强度标准)",
     "Compliance checks (violation names) that make industrial land count as below the control standards for the "
     "quota suggestion.", ""},
    {"devzone.quota_table", T::String, "\"0:0|0.1:-0.1|0.3:-0.3|0.5:-0.5\"", "share:adjustment", "seed 002 (相应核减年度用地计划指标) [C]",
     "Suggested change of a zone's next-year land quota by the share of its industrial land below the control "
     "standards: rows share:adjustment with shares ascending; the last row whose share is ≤ the zone's applies.", ""},
    {"devzone.landuse_chunk", T::Int, "50000", "features", "landeff",
     "The 三调 layer is streamed: read and overlaid with the parks this many features at a time (in parallel within "
     "a chunk, summed in the layer's order), so a county's hundreds of thousands of polygons are never all in "
     "memory. The results do not depend on it.", "", 1, 100000000},
    {"maps.region", T::String, "\"\"", "", "landeff",
     "Region name for map titles and the report (e.g. \"温州市鹿城区\"); empty = none.", ""},
    {"maps.page", T::String, "\"A4\"", "", "landeff", "Page size of the layout maps.", "A4|A3"},
    {"maps.orientation", T::String, "\"landscape\"", "", "landeff", "Page orientation.", "landscape|portrait"},
    {"maps.dpi", T::Int, "300", "dpi", "landeff", "Resolution of the PNG maps.", "", 72, 1200},
    {"maps.breaks", T::String, "\"quantile\"", "", "landeff",
     "Class breaks of the per-mu tax map: \"quantile\" or \"jenks\" (natural breaks).", "quantile|jenks"},
    {"maps.classes", T::Int, "5", "", "landeff", "Number of classes of the per-mu tax map.", "", 2, 9},
    {"maps.outlier_km", T::Number, "5", "km", "issue 16",
     "A parcel farther than this from every park (box to box) does not stretch the maps' extent: the maps frame the "
     "parks and the parcels near them, and the parcel gets a map_outlier finding.",
     "", 0, 100000},
    {"maps.atlas_min_parks", T::Int, "30", "parks", "issue 16",
     "With at least this many parks one map of the region is unreadable: maps/atlas.pdf adds an overview page (parks "
     "by category, no parcels) and one page per park (its parcels by land state, its land by state, land mu, 亩均税收, "
     "亩均产值). 0 = never.",
     "", 0, 1000000},
    {"maps.atlas_max_pages", T::Int, "2000", "pages", "issue 20",
     "The atlas is written only up to this many pages (the overview and one per park or platform): a region of "
     "100 000 parks would make a 100 001-page PDF of gigabytes that nobody reads and that takes an hour to render. Over "
     "it maps/atlas.pdf is not written and a warning says how many pages it would have; re-render with landeff map "
     "--atlas_max_pages N, or page by platform.",
     "", 1, 100000000},
    {"maps.atlas_by", T::String, "\"park\"", "", "issue 16",
     "Atlas pages: one per park, or one per platform (a park with the parks it hosts, their land, 亩均税收 and "
     "亩均产值 together).",
     "park|platform"},
    {"maps.overview_labels", T::Int, "20", "parks", "issue 16",
     "How many parks the atlas's overview page labels: the largest by area.", "", 0, 1000000},
    {"maps.max_labels", T::Int, "2000", "parks", "issue 20",
     "The region-wide maps (categories, mu_tax, states, grades, …) name every park up to this many parks; a region "
     "with more names only the largest this many (area_mu, then park_id), as the atlas overview does: shaping and "
     "placing 100 000 names took most of the maps' time and left one unreadable blur. Over it the park outlines are "
     "drawn thinner too, 1.2 × √(max_labels / parks) px, so parks a few pixels wide do not cover the map in black.",
     "", 0, 100000000},
    {"maps.unit", T::String, "\"\"", "", "issue 16",
     "制图单位: who made the maps, printed in each map's footer (e.g. \"某市自然资源和规划局\"); empty = the line leaves it out.",
     ""},
    {"maps.source", T::String, "\"\"", "", "issue 16",
     "数据来源: where the data came from, printed in each map's footer (e.g. \"2024 年度土地利用现状变更调查\"); empty = the "
     "line leaves it out.",
     ""},
    {"targets.mu_tax_growth", T::Number, "", "ratio/year", "seed 000 (亩均税收提升)",
     "Target growth of each park's per-mu tax over the previous year (e.g. 0.05); empty = not checked.", "", -1, 100},
    {"targets.mu_output_growth", T::Number, "", "ratio/year", "seed 000 (亩均产值提升)",
     "Target growth of each park's per-mu output; empty = not checked.", "", -1, 100},
    {"targets.invest_growth", T::Number, "", "ratio/year", "seed 000 (工业投资年均增长15%)",
     "Target growth of each park's fixed-asset investment (0.15 in the Lucheng plan); empty = not checked.", "", -1, 100},
    {"targets.far_growth", T::Number, "", "ratio/year", "landeff",
     "Target growth of each park's floor-area ratio; empty = not checked.", "", -1, 100},
    {"compare.tolerance", T::Number, "1e-9", "ratio", "landeff",
     "A growth target counts as met when the growth is at least the target minus this (absorbs the last-digit "
     "rounding of the figures; 1e-9 = 0.0000001 percentage points).", "", 0, 0.01},
    {"output.max_string", T::Int, "254", "bytes", "landeff",
     "Text longer than this is cut in shapefiles (the DBF limit is 254 bytes).", "", 16, 254},
    {"output.lang", T::String, "\"zh\"", "", "landeff (issue 16)",
     "Language of the explanations (tests, violations, reasons, why, score_why), of the messages built from them "
     "and of the stderr summary, and of the errors found once the config is read: zh (Chinese) or en (English). "
     "Codes before a ':' are kept in both; `--lang` of run and inspect overrides it.", "zh|en"},
    {"docs.confirm_title", T::String, "\"{year}年度工业企业亩均效益综合评价数据确认单\"", "", "issue 17 (一企一单)",
     "Title of each page of confirm.pdf (the 一企一单 confirmation sheet each enterprise signs) and of report.xlsx's "
     "confirm sheet; {year} is replaced by the evaluation year.", ""},
    {"notice.title", T::String, "\"{year}年度工业企业亩均效益综合评价结果公示\"", "", "issue 17 (公示)",
     "Title of notice.pdf and notice.xlsx (the public-notice lists); {year} is replaced by the evaluation year.", ""},
    {"notice.deadline", T::String, "\"\"", "", "issue 17 (公示)",
     "Last day for objections, printed on the notice: a date (2025-03-15, as text or a TOML date) or any text "
     "(\"公示之日起7个工作日\"); empty = a blank line to fill in by hand, never a made-up date.", ""},
    {"notice.contact", T::String, "\"\"", "", "issue 17 (公示)",
     "Contact line printed on the notice (office, telephone, address for objections); empty = a blank line to fill in.",
     ""},
    {"html.map_max_parcels", T::Int, "50000", "parcels", "landeff (issue 19)",
     "report.html draws the parcels on its map up to this many; beyond it the map shows parks and 批而未供 only and "
     "says why (README \"report.html\": file size and load time measured).", "", 0, 1e8},
    {"html.map_simplify", T::Number, "0.0001", "ratio", "landeff (issue 19)",
     "report.html simplifies the map's geometry (GEOS TopologyPreserveSimplify) with a tolerance of this fraction of "
     "the longer side of the data's extent (a 20 km city: 2 m); 0 = none. The outputs keep the full geometry.",
     "", 0, 0.01},
    {"html.table_rows", T::Int, "1000", "rows", "landeff (issue 19)",
     "report.html's tables (idle, inefficient, enterprises, findings, …) show their first this many rows; the search, "
     "the map and the park pages cover every park, enterprise and 批而未供 and the parcels (past html.map_max_parcels the "
     "idle, inefficient and not yet used ones), and report.xlsx has every row.", "", 0, 1e7},
};

SettingValue parse_default(const SettingSpec& s) {
    const std::string d(s.def);
    switch (s.type) {
        case T::Int: return static_cast<int64_t>(d.empty() ? 0 : std::stoll(d));
        case T::Number: return d.empty() ? std::numeric_limits<double>::quiet_NaN() : std::stod(d);  // "" = unset
        case T::Bool: return d == "true";
        case T::String:
        case T::Date:
            if (d.size() >= 2 && d.front() == '"') return d.substr(1, d.size() - 2);
            return d;
    }
    return std::string();
}

}  // namespace

std::span<const SettingSpec> setting_specs() { return kSpecs; }

const SettingSpec* find_setting(std::string_view key) {
    for (const auto& s : kSpecs)
        if (s.key == key) return &s;
    return nullptr;
}

Settings::Settings() {
    for (const auto& s : kSpecs) m_values[std::string(s.key)] = parse_default(s);
}

void Settings::set(const std::string& key, SettingValue v) { m_values[key] = std::move(v); }

const SettingValue& Settings::get(const std::string& key) const {
    auto it = m_values.find(key);
    if (it == m_values.end()) throw std::logic_error("landeff bug: unknown setting " + key);
    return it->second;
}

double Settings::number(const std::string& key) const {
    const auto& v = get(key);
    if (auto p = std::get_if<double>(&v)) return *p;
    if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
    throw std::logic_error("landeff bug: setting " + key + " is not a number");
}

int64_t Settings::integer(const std::string& key) const {
    const auto& v = get(key);
    if (auto p = std::get_if<int64_t>(&v)) return *p;
    throw std::logic_error("landeff bug: setting " + key + " is not an integer");
}

const std::string& Settings::str(const std::string& key) const {
    const auto& v = get(key);
    if (auto p = std::get_if<std::string>(&v)) return *p;
    throw std::logic_error("landeff bug: setting " + key + " is not text");
}

bool Settings::flag(const std::string& key) const {
    const auto& v = get(key);
    if (auto p = std::get_if<bool>(&v)) return *p;
    throw std::logic_error("landeff bug: setting " + key + " is not a boolean");
}

std::string defaults_as_toml() {
    std::ostringstream os;
    os << "# landeff configuration: every setting with its default.\n"
          "# Inputs are given as [inputs.<layer>] path/layer/where/encoding/crs_in tables (see README).\n";
    std::string section;
    for (const auto& s : kSpecs) {
        const std::string key(s.key);
        const auto dot = key.find('.');
        const std::string sec = dot == std::string::npos ? "" : key.substr(0, dot);
        const std::string leaf = dot == std::string::npos ? key : key.substr(dot + 1);
        if (sec != section) {
            os << "\n[" << sec << "]\n";
            section = sec;
        }
        os << "# " << s.doc;
        if (!s.unit.empty()) os << " Unit: " << s.unit << ".";
        os << " Source: " << s.source << ".\n";
        if (s.def.empty()) os << "# " << leaf << " =\n";
        else os << leaf << " = " << s.def << "\n";
    }
    return os.str();
}

std::string defaults_as_markdown() {
    std::ostringstream os;
    os << "| key | type | default | unit | source | meaning |\n|---|---|---|---|---|---|\n";
    for (const auto& s : kSpecs) {
        static const char* kTypes[] = {"integer", "number", "text", "date", "boolean"};
        os << "| `" << s.key << "` | " << kTypes[static_cast<int>(s.type)] << " | "
           // append, not "`" + std::string(…): GCC 12 warns falsely at -O3 on a literal + a temporary
           << (s.def.empty() ? std::string("—") : std::string("`").append(s.def).append("`")) << " | " << s.unit
           << " | " << s.source << " | " << s.doc << " |\n";
    }
    return os.str();
}

}  // namespace landeff
