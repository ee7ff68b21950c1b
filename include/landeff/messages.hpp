#pragma once
// One home for the wording of explanations (issue 16): the `tests`, `violations`, `nulls`,
// `reasons`, `why` and `score_why` texts of the outputs, the finding messages built from them and
// the stderr summary. Each message has a Chinese (default) and an English wording, chosen by the
// setting `output.lang` (zh|en; `--lang` of run and inspect). The machine-readable codes that lead
// an explanation (`tax_low:`, `far_min(contract):`, `rule 1:`, a field name before `:`) are not
// translated: filters keep working in both languages, and labels.hpp translates codes.
//
// A wording holds numbered placeholders {0}, {1}, …, replaced by the arguments, which the caller
// formats with the kind formatters of format.hpp (so a figure has the same decimals in both
// languages). A unit test checks that both wordings of every message use the same placeholders.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace landeff {

class Settings;

enum class Lang { zh, en };
// The language of `output.lang` (src/core/params.cpp: read through the settings table's checks).
Lang lang_of(const Settings& s);

enum class Msg {
    // Land-state tests (parcels.tests), src/assess/states.cpp
    SuppliedAfter, NoStartDue, NotDue, IdleA, Overdue, IdleB, IdleBDev, IdleBInv, IdleBUnknown, IdleBNoFigures,
    IdleBNoDev, IdleBNoInv, GovCause, IdleFeeNoPrice, UnderConstruction, DoneOverdue, TaxLow, NotInProduction,
    BelowContractOutput, BelowContractTax, Underbuilt, DevLow, GradeD,
    // Compliance (parcels.violations, nulls)
    ViolationMin, ViolationMax, NotCheckedLater,
    // Figures named in explanations
    FigFar, FigCoverage, FigGreen, FigAdmin, FigInvest, FigOutput, FigTax,
    SourceContract, SourceControl,
    // Platforms (parks.reasons), src/assess/platforms.cpp
    PlatformParks, Level, LevelUnknown, Rule1Exit, Rule1Ok, Rule2Innovate, Rule2Ok, Rule3Hosted, Rule3NoHosts,
    Rule3NoneWithin, Rule3HostsNone, Rule3Hosts, Rule4FailArea, Rule4FailLead, Rule4FailTax, Rule4NoTax,
    Rule4NoLeadCodes, Rule4NoIndLand, Rule4Retain, Rule4Exit, BenchConfigured, BenchMedian,
    // Grades (enterprises.why), src/assess/grades.cpp
    NotGradedNoRow, ForcedD, NotGradedExempt, NotGradedScope, ScopeSection, NotGradedNoLand, NotGradedNoLandAtT,
    NotGradedSmall, NotGradedYoung, NotGradedScale,
    ItemEmissionCap, ItemPoints, ItemCap, ItemMean, ItemZero, BandRank, BandTied, BandAtLeast, BandBelow, ScoreRank,
    PopulationCounty, PopulationCity, PopulationNone,
    // Score (parks.score_why), src/assess/score.cpp
    NotComputable, WeightRedistributed,
    // Findings summary on stderr, src/quality/findings.cpp
    SummaryNone, SummaryCounts,
    // The run summary on stderr, src/pipeline/summary.cpp
    SummaryRun, SummaryInspect, SummaryHead, SummaryLater, SummaryPark, SummaryMoreParks, SummaryOutputs,
    // Corrections and manual grade overrides (异议更正, issue 17), src/normalize/corrections.cpp, src/assess/overrides.cpp
    CorrApplied, CorrNoTarget, CorrBothTargets, CorrUnknownId, CorrUnknownField, CorrBadValue, CorrDuplicate,
    OverrideWhy, OverrideBadGrade, OverrideUnknownEnt, OverrideOnParcel, OverrideApplied,
    // Differentiated policies (差别化政策, issue 17), src/assess/policy.cpp
    PolicyElec, PolicyWater, PolicyNoQuantity, PolicyAmount, PolicyNoAmount,
    // Leases (租赁, issue 17), src/measure/leases.cpp
    LeaseNoTenant, LeaseUnknownParcel, LeaseNotStarted, LeaseEnded, LeaseParcelLater, LeaseNoFloor, LeaseNoArea,
    LeaseFieldLeased, LeaseFieldLand, LeaseOverlap, LeaseOverFloor, LeaseWhatFloor, LeaseWhatLand,
    // Development-zone integration check (开发区整合优化核查, issue 18), src/assess/devzone.cpp
    DevzoneDiverted, DevzoneOnFarmland, DevzoneOnRedline,
    // Maps (issue 20), src/maps/render.cpp
    AtlasTooManyPages,
    // Compare (annual changes, issue 9): park_changes.targets and the stderr summary, src/compare/compare.cpp,
    // src/cli/command_compare.cpp
    CmpTarget, CmpMet, CmpNotMet, CmpNotAssessable, CmpNoFigureEither, CmpNoFigurePrev, CmpNoFigureCur, CmpPrevZero,
    CmpInvest, CmpFar, CmpReprojected, CmpSummary, CmpMoveNew, CmpMoveGone, CmpMoveGraded, CmpMoveUngraded, CmpMoveUp,
    CmpMoveDown,
    // Data-quality findings (findings.message after the feature reference), src/quality/checks.cpp
    QMissingField, QNeededFor, QMissingId, QDuplicateId, QNegative, QFarRecorded, QFarFloor, QStartBeforeSupply, QDateFuture, QAreaMismatch,
    // Remaining explanations and findings (issue 16, part 2 of the wording): built evidence, 批而未供 findings and the
    // supply-rate note, src/assess/states.cpp
    BuiltStarted, BuiltCompleted, BuiltProducing, BuiltFloor, BuiltFootprint, BuiltUnsupplied, NoSupplyDates,
    ApprovalAfterEval, ApprovalOverlap, SupplyRtNoApproved,
    // Rule 0 of the platforms, src/assess/platforms.cpp
    Rule0DevExit, Rule0DevOk, Rule0FarmExit, Rule0FarmOk,
    // Grades: the ranked lists and a missing item figure, src/assess/grades.cpp
    ListAbove, ListBelow, ListBelowGe, ListBelowLt, ListTenant, GradeNoFigure, GradeDenIs, GradeNoBench, GradeAnd,
    GradeLand, GradeMissingFigure,
    // Indicators: the `nulls` / `reasons` notes of a ratio that cannot be computed and the figures they name,
    // src/measure/indicators.cpp
    NullNo, NullDenMissing, NullDenZero, NOutputFig, NTaxFig, NVaFig, NInvestFig, NFloor, NLand, NGreen, NAdmin,
    NFootprint, NValueAdded, NEnergy, NEmissions, NEmployees, NRd, NRevenue, NElec, NOutput, NTax, NInvest, NParcelLand,
    NullMoneyLater, NullFarNoFloor, NullCoverageNoFootprint, NullEntNoLandAtT, ParkNoLandAtT, ParkNoLand, ParkNoMoney,
    ParkNoneHas, ParkMoneyZero, EntMissingId, EntDuplicateRow, EntNoParcel, ParcelNoEnt, MissingMoney, MissingMoneyNull,
    MissingMoneyZero,
    // Reading and overlay findings (issue 16): src/overlay/overlay.cpp, src/quality/checks.cpp (overlaps),
    // src/normalize/geometry.cpp (geometry notes), src/read/source.cpp (values, encodings, codes)
    OutsideParks, Overlaps, ParcelOverlapConsequence, ParkOverlapConsequence, GeomNull, GeomEmpty, GeomWrongType,
    GeomUnrepaired, GeomRepaired, GeomMixed, GeomNoPolygon, GeomPartsMerged, GeomPolygonized, GeomBadCoords,
    GeomTransformFailed, GeomUnreadable, ReadBadValue, ReadNotNumber, ReadInUnit, ReadNotValidDate, ReadNotDate, ReadNotFlag,
    ReadNotYear, ReadNotYearFmt, ReadGbk, ReadBadUtf8, ReadIdRounded, ReadBadCode, ReadMissing, EncodingMismatch,
    EncodingUndeclared,
    // The last English leftovers (issue 16): the evidence of `diverted` (src/assess/devzone.cpp), map_outlier
    // (src/maps/extent.cpp), the run-level warnings password_in_config and shapefile_limit (src/pipeline/pipeline.cpp,
    // src/write/writer.cpp) and enterprises.nulls of an enterprise without a row (src/write/columns.cpp)
    DevzoneDivertedShare, MapOutlier, PasswordWhereInput, PasswordWhereOut, PasswordInConfigOne, PasswordInConfigMany,
    ShpTooManyFields, ShpTooLarge, ShpNotWritten, EntNoRowNull,
    // Found by the audit: the development-zone supply years and quota notes (parks.sup_why, quota_why), src/assess/devzone.cpp
    DzSupInputs, DzSupNoPlan, DzSupNoSupply, DzQuotaNoInd, DzQuotaRow, DzQuotaUnder,
    // The config warning of an evaluation date outside its year, src/core/validate.cpp
    EvalDateOutsideYear,
    // Errors that end a run (ConfigError / RunError, error.hpp), issue 16 follow-up: printed after "landeff: 错误：" / "landeff: error: ".
    // Shared pieces: a did-you-mean hint, a detail after a colon, "or".
    EDidYouMean,
    EDetail,
    EOr,
    // main.cpp: the command line, the catch-all messages and Ctrl-C.
    EUnknownCommand,
    EUsage,
    EOutOfMemory,
    EInternal,
    EInterrupted,
    // The config file (src/core/config.cpp): {0} where = ECfgAt.
    ECfgAt,
    ECfgUnknownKey,
    ECfgValidKeys,
    ECfgNotText,
    ECfgNotFinite,
    ECfgOutOfRange,
    ECfgNotInteger,
    ECfgNotNumber,
    ECfgNotBool,
    ECfgNotDate,
    ECfgNotChoice,
    ECfgInputNotTable,
    ECfgInputNoPath,
    ECfgFieldsNotTable,
    ECfgNotToml,
    ECfgYearsNotTables,
    ECfgYearKey,
    ECfgYearNotTable,
    ECfgYearEvalDate,
    ECfgSectionNotTable,
    ECfgNoYear,
    ECfgYearRange,
    ECfgInputMissing,
    ECfgNotFound,
    ECfgUnreadable,
    // Checks of a parsed config (src/core/validate.cpp): {0} where = ECfgAtKey or ECfgAtDefault.
    ECfgAtKey,
    ECfgAtDefault,
    ECfgListEmptyItem,
    ECfgListUnknownItem,
    ECfgListBad,
    ECfgNumbersItem,
    ECfgNumbersCount,
    ECfgBandsSum,
    ECfgScoreModeNeeds,
    ECfgScoreBandsOrder,
    ECfgWeightsZero,
    ECfgWeightsSetIn,
    ECfgWeightLine,
    ECfgWeightsFixParent,
    ECfgWeightsFix,
    ECfgDivZero,
    ECfgIdleOne,
    ECfgIdleNegative,
    ECfgPartitionFiner,
    ECfgCityChars,
    ECfgItemCapZero,
    ECfgTaxLowFixed,
    ECrsGeographic,
    // Settings read by the stages (src/core/params.cpp), industry scopes (src/read/industry.cpp).
    ESettingRange,
    ESettingChoice,
    ESettingValue,
    EScopeEntry,
    EScopeEmpty,
    // The working CRS (src/normalize/crs.cpp).
    ECrsUnknown,
    ECrsNoScale,
    ECrsNotEqualArea,
    // Memory (src/core/progress.cpp).
    EMaxMemory,
    EMemoryEmpty,
    EMemoryUnit,
    EMemoryNotPositive,
    // Reading inputs (src/read/source.cpp): {0} the input's label (file and layer).
    EInputRef,
    EDbfShort,
    EDbfShx,
    ENoLayerNamed,
    ENoLayers,
    ENoVectorLayer,
    EManyLayers,
    EFileNotFound,
    EDbConnect,
    ENoReason,
    ECannotOpen,
    EOpenEncoding,
    EFieldNotFound,
    ENoGeometry,
    ENoCrs,
    ENoTransform,
    EReadErrors,
    EOfTotal,
    EFeatureGone,
    EPartNeedsField,
    EPartTransform,
    EBadWhere,
    ENoParcelId,
    // Command-line checks (src/cli/*).
    ECliListAndPartition,
    ECliDaskOnly,
    ECliProvinceFrom,
    ECliSynthNeeds,
    ECliOutEmpty,
    ECliWithoutOutRun,
    ECliWithoutOutInspect,
    EMapRunJson,
    EKindInteger,
    EKindNumber,
    EKindText,
    // Progress lines on a terminal (src/core/progress.cpp and its callers), in ui_lang().
    PReading,
    POverlay,
    PXlsx,
    PConfirmPdf,
    PAtlas,
    PMaps,
    PSynth,
    PGpkg,
    PPostgis,
    // --help (src/cli/*): the language of `--lang` on the command line, else Chinese.
    HApp,
    HFooter,
    HCmdRun,
    HCmdInspect,
    HCmdSynth,
    HCmdMap,
    HCmdCompare,
    HCmdMerge,
    HCmdConfig,
    HConfig,
    HYear,
    HOverwrite,
    HLang,
    HQuietRun,
    HJobs,
    HMaxMemory,
    HOutRun,
    HOutInspect,
    HSchema,
    HFormats,
    HListPartitions,
    HPartition,
    HGradesOnly,
    HGrades,
    HEngine,
    HScheduler,
    HWorkers,
    HQuiet,
    HComparePrev,
    HCompareCur,
    HCompareOut,
    HCompareLang,
    HDefaults,
    HMarkdown,
    HMapDir,
    HMapLang,
    HMergeConfig,
    HMergeParts,
    HMergeOut,
    HMergeLang,
    HSynthParcels,
    HSynthFrom,
    HSynthSeed,
    HSynthYear,
    HSynthOut,
    HSynthHostile,
    HSynthProvince,
    HSynthCounties,
    HSynthParks,
    HSynthQuiet,
    // Reading an earlier output for compare and map (src/compare/run_dir.cpp): {0} the command, {1} the directory or file.
    ERunDirHint,
    ERunDirRerun,
    ERunDirNotDir,
    ERunDirNotOutput,
    ERunDirCannotRead,
    ERunDirNotJson,
    ERunDirNoVersion,
    ERunDirCompareOutput,
    ERunDirInspectOutput,
    ERunDirDamagedKey,
    ERunDirNoJson,
    ERunDirNoGpkg,
    ERunDirGpkgOpen,
    ERunDirNoLayer,
    ERunDirNoField,
    // Writing the reports, styles, project and maps (src/report, src/maps), synth and compare: {0} the file.
    EFileCannotCreate,
    EFileWriteFailed,
    EPdfFailed,
    EHtmlCompress,
    EGpkgReopen,
    EForQgisProject,
    EForTaxClasses,
    EForStyles,
    EForTaxStyle,
    EStylesTable,
    EStyleWrite,
    ETaxStyleForeign,
    ETaxStyleRedraw,
    EXlsxCreate,
    EXlsxWrite,
    EXlsxSheet,
    EMapStyle,
    EAtlasStyle,
    ECairoAtlas,
    ECairoFile,
    ECairo,
    EParksNoExtent,
    EChangesOpen,
    EPngWrite,
    EMapsOpen,
    EMapsNoParks,
    ESynthGdal,
    ESynthNoCity,
    ESynthMinParcels,
    ESynthParks,
    ECmpNoCrs,
    ECmpReproject,
    ECmpReprojectFeature,
    // Two-pass partitions (issue 21): the first pass's tables, src/pipeline/partitions.cpp, src/assess/grades.cpp, states.cpp
    FirstPassNoTable, FirstPassBadTable, FirstPassStale, FirstPassMismatch, FirstPassNoGrade, FirstPassOptions,
    kCount
};

// A text a user reads, in both languages: an error (error.hpp) is worded where it is thrown, but the
// language it is printed in is known only when main() prints it (`--lang`, or the config's output.lang
// once read), so it carries both wordings.
struct Text {
    std::string zh, en;
    const std::string& in(Lang lang) const { return lang == Lang::en ? en : zh; }
};
// `lead` before both wordings (a file name, "file:line: ").
Text operator+(const std::string& lead, const Text& t);
Text operator+(const Text& t, const std::string& tail);
Text operator+(const Text& a, const Text& b);

// An argument of tr(): the same in both languages (a path, a key, a number) or a Text.
struct Arg {
    std::string zh, en;
    Arg(std::string s) : zh(s), en(std::move(s)) {}  // NOLINT: implicit on purpose
    Arg(const char* s) : Arg(std::string(s)) {}
    Arg(std::string_view s) : Arg(std::string(s)) {}
    Arg(Text t) : zh(std::move(t.zh)), en(std::move(t.en)) {}
};
// Message `m` in both languages, each wording with its arguments in that language.
Text tr(Msg m, std::initializer_list<Arg> args = {});

// The language of what is printed on the terminal (errors, progress lines, --help): `--lang` on the
// command line (main.cpp reads it first), else the config's output.lang once the config is read
// (load_config), else Chinese.
Lang ui_lang();
// A language from the command line is kept; one from a config applies only when the command line gave none.
void set_ui_lang(Lang lang, bool from_command_line = false);

// The wording of `m` in `lang` with {k} replaced by args[k].
std::string say(Lang lang, Msg m, std::initializer_list<std::string> args = {});
// The same with the arguments in a vector (a message worded later than it was decided, e.g. a geometry note).
std::string say(Lang lang, Msg m, const std::vector<std::string>& args);

// For tests and documentation: the two wordings and the key of message `m`.
struct MessageText {
    Msg id;
    std::string_view key;  // stable name, e.g. "tax_low"
    std::string_view zh;
    std::string_view en;
};
const MessageText& message_text(Msg m);

}  // namespace landeff
