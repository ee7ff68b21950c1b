#!/usr/bin/env python3
"""Writes the bad-input corpus: one folder per case with landeff.toml, inputs and expect.txt.

The outputs are committed; this script documents how each was made and can remake them
(shapefile cases need ogr2ogr from gdal-bin). expect.txt lines:
  args = <landeff arguments; {dir} = the case folder, {out} = an output path, {tmp} = a temp dir>
  exit = <expected exit code>
  stderr = <text that must appear on stderr>   (repeatable)
  setup = out_exists | out_parent_is_file        (prepare {out} before the run)
"""
import json, os, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}

def sq(x0, y0, x1, y1):
    return [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]

def fc(features, crs=True):
    d = {"type": "FeatureCollection", "features": features}
    if crs:
        d["crs"] = CRS
    return json.dumps(d, ensure_ascii=False, indent=1)

def feat(props, coords, gtype="Polygon"):
    return {"type": "Feature", "properties": props, "geometry": None if coords is None else {"type": gtype, "coordinates": coords}}

PARKS = fc([feat({"park_id": "P1", "name": "测试园区", "level": "省级"}, sq(500000, 3100000, 501000, 3101000))])
def parcels(extra=None, props2=None):
    f = [feat({"parcel_id": "A1", "ent_id": "E1", "area_reg": 10000, "supply_dt": "2015-01-01"}, sq(500100, 3100100, 500200, 3100200)),
         feat(props2 or {"parcel_id": "A2", "ent_id": "E2", "area_reg": 10000, "supply_dt": "2016-01-01"}, sq(500300, 3100100, 500400, 3100200))]
    return fc(f + (extra or []))

BASE_TOML = '''year = 2024
crs = "EPSG:4549"
[inputs.parks]
path = "parks.geojson"
[inputs.parcels]
path = "parcels.geojson"
'''

def case(name, files, expect, toml=BASE_TOML):
    d = os.path.join(HERE, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    if toml is not None:
        files = dict(files)
        files.setdefault("landeff.toml", toml)
    for fn, content in files.items():
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(d, fn), mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
            fh.write(content)
    lines = [f"args = {expect.get('args', 'run {dir}/landeff.toml --out {out}')}", f"exit = {expect['exit']}"]
    lines += [f"stderr = {s}" for s in expect.get("stderr", [])]
    if "setup" in expect:
        lines.append(f"setup = {expect['setup']}")
    with open(os.path.join(d, "expect.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return d

def ogr(*args):
    subprocess.run(["ogr2ogr", *args], check=True, capture_output=True)

good = {"parks.geojson": PARKS, "parcels.geojson": parcels()}

case("missing_file", {"parks.geojson": PARKS},
     {"exit": 1, "stderr": ["parcels.geojson：找不到文件", "[inputs.parcels]（第 5 行）", "相对于配置文件所在目录"]})
# Errors are Chinese by default and English with --lang (issue 16 follow-up): the same case in English.
case("missing_file_en", {"parks.geojson": PARKS},
     {"exit": 1, "stderr": ["landeff: error: ", "parcels.geojson: file not found", "[inputs.parcels] (line 5)"],
      "args": "run {dir}/landeff.toml --out {out} --lang en"})
case("unreadable_file", {"parks.geojson": PARKS, "parcels.geojson": "this is not GeoJSON {{{"},
     {"exit": 1, "stderr": ["landeff: 错误：", "parcels.geojson：无法作为矢量数据打开"]})
case("gpkg_not_sqlite", {"parks.geojson": PARKS, "parcels.gpkg": "hello, not a database\n" * 50},
     {"exit": 1, "stderr": ["parcels.gpkg：无法"]},
     toml=BASE_TOML.replace("parcels.geojson", "parcels.gpkg"))
case("wrong_layer", good, {"exit": 2, "stderr": ["没有名为 \"parcel\" 的图层", "是否应为 \"parcels\""]},
     toml=BASE_TOML + 'layer = "parcel"\n')
case("geographic_crs", good, {"exit": 2, "stderr": ["是地理坐标系", "EPSG:4326"]},
     toml=BASE_TOML.replace('"EPSG:4549"', '"EPSG:4326"'))
case("unknown_crs", good, {"exit": 2, "stderr": ["EPSG:999999", "不是 PROJ 能识别的坐标系"]},
     toml=BASE_TOML.replace('"EPSG:4549"', '"EPSG:999999"'))
case("unknown_key", good, {"exit": 2, "stderr": ["landeff: 错误：配置文件 ", "landeff.toml 第 8 行：未知设置项 \"quality.area_tolerence\"",
                                                  "是否应为 \"quality.area_tolerance\""]},
     toml=BASE_TOML + "[quality]\narea_tolerence = 0.1\n")
case("unknown_key_en", good, {"exit": 2, "stderr": ["landeff: error: ", "landeff.toml:8", "unknown key \"quality.area_tolerence\"",
                                                     "did you mean \"quality.area_tolerance\""],
                              "args": "run {dir}/landeff.toml --out {out} --lang en"},
     toml=BASE_TOML + "[quality]\narea_tolerence = 0.1\n")
case("malformed_toml", good, {"exit": 2, "stderr": ["landeff.toml 第 3 行", "不是有效的 TOML"]},
     toml='year = 2024\ncrs = "EPSG:4549"\n[inputs.parks\npath = "parks.geojson"\n')
case("wrong_type", good, {"exit": 2, "stderr": ["quality.area_tolerance 应为数值"]},
     toml=BASE_TOML.replace("year = 2024\n", "year = 2024\n").replace('crs = "EPSG:4549"\n', 'crs = "EPSG:4549"\n') + '[quality]\narea_tolerance = "five"\n')
case("missing_year", good, {"exit": 2, "stderr": ["缺少评价年度", "--year"]}, toml=BASE_TOML.replace("year = 2024\n", ""))
case("missing_parks_input", good, {"exit": 2, "stderr": ["缺少 parks 输入", "[inputs.parks]"]},
     toml='year = 2024\n[inputs.parcels]\npath = "parcels.geojson"\n')
case("unknown_field_mapping", good, {"exit": 2, "stderr": ["[fields.parcels] parcel_id = \"parcelid\" 不是该图层的字段", "是否应为 \"parcel_id\""]},
     toml=BASE_TOML + '[fields.parcels]\nparcel_id = "parcelid"\n')
case("bad_where", good, {"exit": 2, "stderr": ["不是有效的 OGR SQL 过滤条件"]},
     toml=BASE_TOML + 'where = "parcel_id ==== 1"\n')
case("out_exists", good, {"exit": 2, "stderr": ["already exists", "--overwrite"], "setup": "out_exists"})
case("out_not_writable", good, {"exit": 1, "stderr": ["cannot create"], "setup": "out_parent_is_file",
                                 "args": "run {dir}/landeff.toml --out {out}/sub"})
case("out_contains_inputs", good, {"exit": 2, "stderr": ["contains the input", "choose an output directory"],
                                    "args": "run {dir}/landeff.toml --out {dir} --overwrite"})
case("unknown_format", good, {"exit": 2, "stderr": ["unknown format \"pdf\""],
                               "args": "run {dir}/landeff.toml --out {out} --formats gpkg,pdf"})
case("csv_parcels_without_geometry", {"parks.geojson": PARKS, "parcels.csv": "parcel_id,ent_id\nA1,E1\n"},
     {"exit": 2, "stderr": ["parcels.csv：没有几何", "wkt_field"]},
     toml=BASE_TOML.replace("parcels.geojson", "parcels.csv"))

# Per-feature problems: findings, exit 0.
bowtie = [[[500500, 3100500], [500600, 3100600], [500600, 3100500], [500500, 3100600], [500500, 3100500]]]
case("bowtie_polygon", {"parks.geojson": PARKS, "parcels.geojson": parcels([feat({"parcel_id": "BOW"}, bowtie)])},
     {"exit": 0, "stderr": ["invalid_geometry_repaired", "parcel_id=BOW", "Self-intersection", "已用 GEOS MakeValid 修复"]})
case("empty_geometry", {"parks.geojson": PARKS, "parcels.geojson": parcels([feat({"parcel_id": "NULLGEOM"}, None)])},
     {"exit": 0, "stderr": ["parcels/null_geometry", "parcel_id=NULLGEOM", "保留在无几何的表中"]})
case("mixed_geometry_types", {"parks.geojson": PARKS,
                              "parcels.geojson": parcels([feat({"parcel_id": "PT"}, [500700, 3100700], "Point")])},
     {"exit": 0, "stderr": ["wrong_geometry_type", "parcel_id=PT", "几何类型为 Point, 不是面"]})
case("duplicate_ids", {"parks.geojson": PARKS, "parcels.geojson": parcels(props2={"parcel_id": "A1"})},
     {"exit": 0, "stderr": ["duplicate_id", "parcel_id A1 与 fid=0 重复"]})
case("unparseable_date", {"parks.geojson": PARKS, "parcels.geojson": parcels(props2={"parcel_id": "A2", "start_due": "2021-13-01"})},
     {"exit": 0, "stderr": ["parcels.geojson[fid=1 parcel_id=A2]: 字段 start_due(start_due): \"2021-13-01\" 不是日期"]})
case("text_in_number", {"parks.geojson": PARKS, "parcels.geojson": parcels(props2={"parcel_id": "A2", "floor_m2": "about 5000"})},
     {"exit": 0, "stderr": ["parcel_id=A2]: 字段 floor_m2(floor_m2): \"about 5000\" 不是数字"]})
case("bad_coordinates", {"parks.geojson": PARKS, "parcels.geojson": parcels([feat({"parcel_id": "HUGE"}, sq(1e308, 1e308, 1.5e308, 1.5e308))])},
     {"exit": 0, "stderr": ["bad_coordinates", "parcel_id=HUGE"]})
case("layer_of_zero_features", {"parks.geojson": PARKS, "parcels.geojson": fc([])},
     {"exit": 0, "stderr": ["0 宗地"]})

# Shapefile cases (need ogr2ogr).
d = case("no_crs", {"parks.geojson": PARKS, "src.geojson": parcels()},
         {"exit": 2, "stderr": ["parcels.shp：没有坐标系", "crs_in = \"EPSG:4549\""]},
         toml=BASE_TOML.replace("parcels.geojson", "parcels.shp"))
ogr(os.path.join(d, "parcels.shp"), os.path.join(d, "src.geojson"))
os.remove(os.path.join(d, "parcels.prj")); os.remove(os.path.join(d, "src.geojson"))

d = case("gbk_without_cpg", {"parcels.geojson": parcels(), "src.geojson": fc([feat({"YQDM": "P9", "YQMC": "合肥经济技术开发区", "JB": "国家级"}, sq(500000, 3100000, 501000, 3101000))])},
         {"exit": 0, "stderr": ["P9 合肥经济技术开发区", "字节为 CP936"]},
         toml=BASE_TOML.replace("parks.geojson", "parks.shp"))
ogr("-lco", "ENCODING=CP936", os.path.join(d, "parks.shp"), os.path.join(d, "src.geojson"))
os.remove(os.path.join(d, "parks.cpg")); os.remove(os.path.join(d, "src.geojson"))

d = case("truncated_shp", {"parks.geojson": PARKS, "src.geojson": parcels([feat({"parcel_id": f"T{i}"}, sq(500500 + i, 3100500, 500510 + i, 3100510)) for i in range(50)])},
         {"exit": 1, "stderr": ["parcels.shp"]},
         toml=BASE_TOML.replace("parcels.geojson", "parcels.shp"))
ogr(os.path.join(d, "parcels.shp"), os.path.join(d, "src.geojson"))
os.remove(os.path.join(d, "src.geojson"))
p = os.path.join(d, "parcels.shp")
data = open(p, "rb").read()
open(p, "wb").write(data[: len(data) // 2])  # cut off in transfer

# Issue 14: --overwrite replaces only a landeff output (out_exists puts the user's keep.txt there).
case("out_foreign_overwrite", good, {"exit": 2, "stderr": ["is not a landeff output", "keep.txt", "left untouched"],
                                     "setup": "out_exists", "args": "run {dir}/landeff.toml --out {out} --overwrite"})

# ---- issue 14 "Nothing silently wrong" (helper validate): settings validated before any data is
# read, with file:line; a working CRS that distorts areas where the data is; text encodings; ids
# stored as numbers. BASE_TOML is 6 lines, so an appended [section] is line 7 and its key line 8.
def with_section(sec, body):
    return BASE_TOML + f"[{sec}]\n" + body
case("setting_unknown_test_name", good,
     {"exit": 2, "stderr": ["landeff.toml 第 8 行：states.tests", "\"far_lo\" 不是已知名称", "是否应为 \"far_low\""]},
     toml=with_section("states", 'tests = "far_lo"\n'))
case("setting_nan", good, {"exit": 2, "stderr": ["landeff.toml 第 8 行：quality.area_tolerance = nan 不是有限数值"]},
     toml=with_section("quality", "area_tolerance = nan\n"))
case("setting_zero_weights", good,
     {"exit": 2, "stderr": ["landeff.toml 第 8 行：规上企业评价指标的各项权重均为 0", "w_tax"]},
     toml=with_section("grading", "w_tax = 0\nw_va = 0\nw_energy = 0\nw_emission = 0\nw_labor = 0\nw_rd = 0\n"))
case("setting_bands_not_100", good,  # 20+40+35+10 = 105
     {"exit": 2, "stderr": ["landeff.toml 第 8 行：grading.bands", "合计 105 %"]},
     toml=with_section("grading", 'bands = "20|40|35|10"\n'))
case("setting_t_idle_one", good,  # S = (1-X)/(1-T)*100 with T = 1
     {"exit": 2, "stderr": ["landeff.toml 第 8 行：score.t_idle = 1 使 S = (1−X)/(1−T)·100 除以零"]},
     toml=with_section("score", "t_idle = 1\n"))
# output.lang = "en" in the config: an error found after the config is read is English (before it, Chinese).
case("setting_t_idle_one_config_en", good,
     {"exit": 2, "stderr": ["landeff: error: ", "landeff.toml:10: score.t_idle = 1 divides by zero"]},
     toml=BASE_TOML + '[output]\nlang = "en"\n[score]\nt_idle = 1\n')
case("setting_unknown_preset", good,  # checked before the inputs are read: the error names the line
     {"exit": 2, "stderr": ["landeff.toml:8: control.preset = \"cn-2080\": no such preset"]},
     toml=with_section("control", 'preset = "cn-2080"\n'))
case("eval_date_outside_year", good,  # year 2024, T = 2025-01-01 (the day after the year); Chinese by default
     {"exit": 0, "stderr": ["warning", "landeff.toml 第 2 行：eval_date = 2025-01-01 不在评价年度 2024 内",
                            "allow_eval_date_outside_year"]},
     toml=BASE_TOML.replace("crs = ", 'eval_date = "2025-01-01"\ncrs = ', 1))
case("eval_date_outside_year_en", good,  # the same with --lang en: the warning is worded again in English
     {"exit": 0, "args": "run {dir}/landeff.toml --out {out} --lang en",
      "stderr": ["warning", "landeff.toml:2: eval_date = 2025-01-01 is outside the evaluation year 2024",
                 "allow_eval_date_outside_year"]},
     toml=BASE_TOML.replace("crs = ", 'eval_date = "2025-01-01"\ncrs = ', 1))
# The data is at 120.005°E 28.0°N (EPSG:4549 x 500500, y 3100500): Web Mercator scales areas by
# sec²φ·W⁴/(1−e²) = 1.2827·1.0038 = 1.2875 there (+28.7 %); UTM 49N (CM 111°E) is 9° away (+2 %).
case("crs_web_mercator", good,
     {"exit": 2, "stderr": ["landeff.toml:2: crs = \"EPSG:3857\"", "not equal-area-safe", "+28.7", "use crs = \"EPSG:4528\""],
      "args": "run {dir}/landeff.toml --out {out} --lang en"},
     toml=BASE_TOML.replace('crs = "EPSG:4549"', 'crs = "EPSG:3857"'))
case("crs_far_utm_zone", good,
     {"exit": 2, "stderr": ["crs = \"EPSG:32649\"", "不能保证面积精度", "请使用 crs = \"EPSG:4528\""]},
     toml=BASE_TOML.replace('crs = "EPSG:4549"', 'crs = "EPSG:32649"'))

# Ids stored as numbers (an XLSX made the way Excel keeps numbers: 15 significant digits). The
# credit codes 913303001234567890 and 913303001234567891 both become 9.13303001234568E+17, shown
# as 913303001234568000; 330100123456789 (15 digits) is exact. The parcels carry the same
# rounded codes as JSON numbers. Before: both enterprises were one "9.13303001234568e+17", both
# parcels joined to it (duplicate_id on the second row). Now: every rounded row gets id_rounded
# and none is joined; the 15-digit one joins its parcel A3.
ent_ids = parcels([feat({"parcel_id": "A3", "ent_id": 330100123456789, "area_reg": 10000, "supply_dt": "2015-01-01"},
                        sq(500500, 3100100, 500600, 3100200))])
ent_ids = ent_ids.replace('"ent_id": "E1"', '"ent_id": 9.13303001234568e+17').replace('"ent_id": "E2"', '"ent_id": 9.13303001234568e+17')
d = case("ids_stored_as_numbers", {"parks.geojson": PARKS, "parcels.geojson": ent_ids,
                                   "src.csv": "ent_id,name,scale,tax\n9.13303001234568e+17,甲公司,above,100\n"
                                              "9.13303001234568e+17,乙公司,above,200\n330100123456789,丙公司,above,50\n",
                                   "src.csvt": '"Real","String","String","Real"\n'},
         {"exit": 0, "stderr": ["id_rounded", "913303001234568000", "将该列设为文本格式"]},
         toml=BASE_TOML + '[inputs.enterprises]\npath = "enterprises.xlsx"\n')
ogr("-f", "XLSX", os.path.join(d, "enterprises.xlsx"), os.path.join(d, "src.csv"), "-nln", "enterprises")
os.remove(os.path.join(d, "src.csv")); os.remove(os.path.join(d, "src.csvt"))

# Text encodings. A GeoJSON is UTF-8 by definition, but one park name is GBK bytes and one
# parcel's ent_id holds a byte (0xFF) that is neither: before, both went into every output as
# invalid UTF-8 (report.xlsx "corrupt"). Now the GBK value is decoded and the other repaired
# with U+FFFD, each with a text_encoding finding.
gbk_parks = fc([feat({"park_id": "P1", "name": "@GBK@", "level": "省级"}, sq(500000, 3100000, 501000, 3101000)),
                feat({"park_id": "P2", "name": "瓯海园区", "level": "county"}, sq(502000, 3100000, 503000, 3101000))])
gbk_parks = gbk_parks.encode("utf-8").replace(b"@GBK@", "测试园区".encode("gbk"))
bad_byte_parcels = parcels().encode("utf-8").replace(b'"ent_id": "E2"', b'"ent_id": "E2\xff"')
case("gbk_bytes_in_utf8_geojson", {"parks.geojson": gbk_parks, "parcels.geojson": bad_byte_parcels},
     {"exit": 0, "stderr": ["text_encoding", "parks.geojson[fid=0 park_id=P1]: 字段 name: 该文本不像文件其余部分那样是 UTF-8",
                            "已按 GBK 解码", "parcel_id=A2]: 字段 ent_id: 该文本既不是有效的 UTF-8 也不是 GBK",
                            "P1 测试园区"]})
# A CSV of enterprises in UTF-8 with one name typed in GBK: read as UTF-8, that name decoded.
case("gbk_bytes_in_utf8_csv", {"parks.geojson": PARKS, "parcels.geojson": parcels(),
                               "enterprises.csv": "ent_id,name,scale,tax\nE1,甲公司,规上,100\nE2,@GBK@,规上,200\n"
                                                  .encode("utf-8").replace(b"@GBK@", "乙公司".encode("gbk"))},
     {"exit": 0, "stderr": ["enterprises.csv[fid=2 ent_id=E2]: 字段 name: 该文本不像文件其余部分那样是 UTF-8", "已按 GBK 解码"]},
     toml=BASE_TOML + '[inputs.enterprises]\npath = "enterprises.csv"\n')
# A shapefile written in UTF-8 whose .cpg says GBK (an old .cpg kept beside a new export): before,
# every Chinese name came out as mojibake; now the bytes win, with an encoding_mismatch finding.
d = case("cpg_gbk_over_utf8", {"parcels.geojson": parcels(), "src.geojson": fc([feat({"park_id": "P9", "name": "温州经济技术开发区", "level": "国家级"}, sq(500000, 3100000, 501000, 3101000))])},
         {"exit": 0, "stderr": ["encoding_mismatch", ".cpg 声明的编码是 CP936, 但文本实为 UTF-8", "P9 温州经济技术开发区"]},
         toml=BASE_TOML.replace("parks.geojson", "parks.shp"))
ogr("-lco", "ENCODING=UTF-8", os.path.join(d, "parks.shp"), os.path.join(d, "src.geojson"))
open(os.path.join(d, "parks.cpg"), "w").write("GBK")
os.remove(os.path.join(d, "src.geojson"))

print("cases:", len([x for x in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, x))]))
