#!/usr/bin/python3
"""landeff's outputs in a real QGIS (issue 16): QGIS 3.22 (Debian's python3-qgis), headless.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 test_qgis.py LANDEFF CONFIG.toml WORKDIR [--picture PNG]

Runs `LANDEFF run CONFIG --out WORKDIR/out`, then checks what a planner sees:
  - landeff.qgz opens; every layer is valid, in the order findings, worklist (both hidden) >
    parks (outlines) > 批而未供 > parcels > the control lines (城镇开发边界, 永久基本农田, 生态保护红线), tables below; the project CRS is the data's; paths are relative (./landeff.gpkg);
  - Chinese aliases of known fields; renderer types (categorized parks outlines labelled with the
    park name, categorized parcel states, hatched single-symbol 批而未供, rule-based per-mu tax);
  - four print layouts, each with a map, legend, title, scale bar and north arrow;
  - one layer rendered to PNG is not blank; one layout exported to PDF carries its title (pdftotext);
  - landeff.gpkg opened directly (no project): the default styles with the aliases are picked up,
    tables included, and findings carry geometry; so are shp/*.shp, shp/region.dbf and
    geojson/*.geojson, through their .qml sidecars.
With --picture PNG, the states layout is also exported to PNG (the README's picture).
Exits 0 when every check passes; prints each failure.
"""
import os
import shutil
import subprocess
import sys
import unicodedata
import zipfile

from qgis.core import (QgsApplication, QgsLayoutExporter, QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemMap,
                       QgsLayoutItemPicture, QgsLayoutItemScaleBar, QgsMapRendererSequentialJob, QgsMapSettings,
                       QgsProject, QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)


def alias(layer, field):
    i = layer.fields().indexOf(field)
    return layer.attributeAlias(i) if i >= 0 else None


def non_white(img):
    n = 0
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            c = QColor(img.pixel(x, y))
            if (c.red(), c.green(), c.blue()) != (255, 255, 255):
                n += 1
    return n


def main():
    landeff, config, work = sys.argv[1], sys.argv[2], sys.argv[3]
    picture = sys.argv[sys.argv.index("--picture") + 1] if "--picture" in sys.argv else None
    out = os.path.join(work, "out")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    r = subprocess.run([landeff, "run", config, "--out", out, "--quiet", "--formats", "gpkg,shp,geojson"], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        return 1
    qgz, gpkg = os.path.join(out, "landeff.qgz"), os.path.join(out, "landeff.gpkg")
    check(os.path.exists(qgz), "landeff.qgz beside landeff.gpkg")
    with zipfile.ZipFile(qgz) as z:
        check(z.namelist() == ["landeff.qgs"], "the qgz holds landeff.qgs: %s" % z.namelist())
        qgs = z.read("landeff.qgs").decode("utf-8")
        check("./landeff.gpkg|layername=parcels" in qgs, "relative path ./landeff.gpkg in the project")

    QgsApplication.setPrefixPath("/usr", True)
    # A profile inside WORKDIR: QGIS writes its settings and qgis.db there, not into $HOME.
    app = QgsApplication([], False, os.path.join(work, "profile"))
    app.initQgis()

    # --- The project, as a planner opens it (moved elsewhere: the relative paths must hold).
    moved = os.path.join(work, "moved")
    shutil.copytree(out, moved)
    shutil.rmtree(out)
    project = QgsProject.instance()
    check(project.read(os.path.join(moved, "landeff.qgz")), "QgsProject.read(landeff.qgz)")
    layers = {l.name(): l for l in project.mapLayers().values()}
    by_id = {l.id(): l for l in project.mapLayers().values()}
    for name, layer in layers.items():
        check(layer.isValid(), "layer %s is valid (%s)" % (name, layer.source()))
        check(os.path.realpath(layer.source().split("|")[0]) == os.path.realpath(os.path.join(moved, "landeff.gpkg")),
              "layer %s reads the moved landeff.gpkg: %s" % (name, layer.source()))
    order = [by_id[t.layerId()].name() for t in project.layerTreeRoot().findLayers()]
    check(order[:5] == ["数据质量问题", "动态巡查清单", "园区", "批而未供", "宗地"], "layer order, top first: %s" % order)
    # Below the parcels the demo's control lines (issue 18: its config gives all three), then the tables.
    check(set(order[5:8]) == {"城镇开发边界", "永久基本农田", "生态保护红线"}, "the control lines below the parcels: %s" % order[5:])
    check(set(order[8:]) == {"企业", "全区合计"}, "the tables below the layers: %s" % order[8:])
    for hidden in ("数据质量问题", "动态巡查清单"):
        check(not project.layerTreeRoot().findLayer(layers[hidden].id()).isVisible(), "%s hidden by default" % hidden)
    check(project.crs().authid() == "EPSG:4549", "project CRS is the data's: %s" % project.crs().authid())

    parks, parcels, unsup, findings = layers["园区"], layers["宗地"], layers["批而未供"], layers["数据质量问题"]
    ents, region = layers["企业"], layers["全区合计"]
    check(alias(parks, "mu_tax") == "亩均税收(万元/亩)", "parks.mu_tax alias: %r" % alias(parks, "mu_tax"))
    check(alias(parks, "categor_cn") == "平台分类名称", "parks.categor_cn alias: %r" % alias(parks, "categor_cn"))
    check(alias(parcels, "state") == "土地状态", "parcels.state alias: %r" % alias(parcels, "state"))
    check(alias(ents, "grade") is not None and alias(ents, "grade") != "", "enterprises.grade alias: %r" % alias(ents, "grade"))
    check(alias(findings, "severity") == "严重程度", "findings.severity alias: %r" % alias(findings, "severity"))
    check(alias(region, "mu_tax") == "亩均税收(万元/亩)", "region.mu_tax alias: %r" % alias(region, "mu_tax"))

    check(parks.renderer().type() == "categorizedSymbol", "parks renderer: %s" % parks.renderer().type())
    check(parks.renderer().classAttribute() == "category", "parks classified by category")
    cats = parks.renderer().categories()
    check(len(cats) == 5, "parks: 4 categories and other: %d" % len(cats))
    sym = cats[0].symbol().symbolLayer(0).properties()
    check(sym.get("style") == "no" and float(sym.get("outline_width", 0)) >= 0.5, "parks drawn as coloured outlines: %s" % sym)
    check(parks.labelsEnabled() and parks.labeling().settings().fieldName == "name", "parks labelled with the park name")
    check(parcels.renderer().type() == "categorizedSymbol" and parcels.renderer().classAttribute() == "state",
          "parcels by state: %s" % parcels.renderer().type())
    state_colours = {c.symbol().color().name() for c in parcels.renderer().categories()}
    check(unsup.renderer().type() == "singleSymbol", "unsupplied renderer: %s" % unsup.renderer().type())
    unsup_sym = unsup.renderer().symbol()
    check(unsup_sym.color().name() not in state_colours, "批而未供 colour %s not a land state's %s" % (unsup_sym.color().name(), state_colours))
    check(unsup_sym.symbolLayer(0).properties().get("style") == "b_diagonal", "批而未供 hatched")
    check(findings.renderer().type() == "categorizedSymbol", "findings by severity: %s" % findings.renderer().type())
    check(findings.geometryType() == QgsWkbTypes.PolygonGeometry, "findings layer has polygon geometry")
    styles = parcels.styleManager().styles()
    check(set(styles) == {"土地状态", "企业亩均效益等级", "亩均税收", "宗地底图"}, "parcel styles: %s" % styles)
    parcels.styleManager().setCurrentStyle("亩均税收")
    check(parcels.renderer().type() == "RuleRenderer", "per-mu tax style is rule-based: %s" % parcels.renderer().type())
    rules = [r.label() for r in parcels.renderer().rootRule().children()]
    check(rules[-1] == "无税收数据", "no tax value is its own class: %s" % rules)
    parcels.styleManager().setCurrentStyle("土地状态")

    themes = project.mapThemeCollection().mapThemes()
    check(len(themes) == 4, "four map themes: %s" % themes)
    lm = project.layoutManager()
    check(len(lm.layouts()) == 4, "four layouts: %d" % len(lm.layouts()))
    for lay in lm.layouts():
        items = lay.items()
        kinds = {type(i) for i in items}
        for cls in (QgsLayoutItemMap, QgsLayoutItemLegend, QgsLayoutItemLabel, QgsLayoutItemScaleBar, QgsLayoutItemPicture):
            check(cls in kinds, "layout %s has a %s" % (lay.name(), cls.__name__))
        maps = [i for i in items if isinstance(i, QgsLayoutItemMap)]
        check(maps and maps[0].followVisibilityPreset() and maps[0].followVisibilityPresetName() in themes,
              "layout %s map follows its theme" % lay.name())
        titles = [i.text() for i in items if isinstance(i, QgsLayoutItemLabel)]
        check(any(lay.name() in t for t in titles), "layout %s titled: %s" % (lay.name(), titles))

    # One layer rendered to PNG is not blank.
    ms = QgsMapSettings()
    ms.setLayers([parks, parcels])
    ms.setDestinationCrs(project.crs())
    ms.setExtent(parcels.extent())
    ms.setOutputSize(QSize(400, 300))
    ms.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(ms)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    png = os.path.join(work, "parcels.png")
    img.save(png)
    check(non_white(img) > 0.2 * (200 * 150), "rendered parcels not blank: %d of %d sampled pixels" % (non_white(img), 200 * 150))

    # One layout to PDF: pdftotext finds its title.
    states = lm.layoutByName("土地利用状态图（批而未供、供而未用、闲置、低效）")
    check(states is not None, "the states layout")
    if states is not None:
        pdf = os.path.join(work, "states.pdf")
        res = QgsLayoutExporter(states).exportToPdf(pdf, QgsLayoutExporter.PdfExportSettings())
        check(res == QgsLayoutExporter.Success, "layout exported to PDF: %s" % res)
        # NFKC: poppler maps some CJK glyphs of Noto Sans CJK to Kangxi radicals (⼟ U+2F1F for 土).
        text = unicodedata.normalize("NFKC", subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout)
        check("土地利用状态图" in text, "PDF carries the title: %r" % text[:200])
        if picture:
            s = QgsLayoutExporter.ImageExportSettings()
            s.dpi = 60
            s.exportMetadata = False  # GDAL cannot add metadata to a PNG in place
            check(QgsLayoutExporter(states).exportToImage(picture, s) == QgsLayoutExporter.Success, "layout to PNG")

    # --- The GeoPackage opened directly: its default styles (layer_styles) and aliases.
    g = os.path.join(moved, "landeff.gpkg")
    direct = QgsVectorLayer(g + "|layername=parks", "parks", "ogr")
    check(direct.isValid(), "parks from landeff.gpkg")
    check(direct.renderer().type() == "categorizedSymbol" and direct.renderer().classAttribute() == "category",
          "parks default style from layer_styles: %s" % direct.renderer().type())
    check(alias(direct, "mu_tax") == "亩均税收(万元/亩)", "direct parks.mu_tax alias: %r" % alias(direct, "mu_tax"))
    for table, field, want in (("enterprises", "mu_tax", "亩均税收(万元/亩)"), ("region", "mu_tax", "亩均税收(万元/亩)"),
                               ("findings", "severity", "严重程度"), ("unsupplied", "appr_id", None)):
        t = QgsVectorLayer(g + "|layername=" + table, table, "ogr")
        check(t.isValid(), "%s from landeff.gpkg" % table)
        got = alias(t, field)
        check(got == want if want else bool(got), "direct %s.%s alias: %r" % (table, field, got))
    # The shapefiles and GeoJSON files: their .qml sidecars give the same styles and aliases.
    for path in ("shp/parks.shp", "geojson/parks.geojson", "shp/region.dbf"):
        t = QgsVectorLayer(os.path.join(moved, path), path, "ogr")
        check(t.isValid(), "%s opens" % path)
        check(alias(t, "mu_tax") == "亩均税收(万元/亩)", "%s mu_tax alias: %r" % (path, alias(t, "mu_tax")))
        if path.endswith("parks.shp") or path.endswith("parks.geojson"):
            check(t.renderer().type() == "categorizedSymbol", "%s styled by category: %s" % (path, t.renderer().type()))
    f = QgsVectorLayer(g + "|layername=findings", "findings", "ogr")
    with_geom = sum(1 for feat in f.getFeatures() if feat.hasGeometry())
    check(with_geom > 0, "some findings carry a geometry: %d of %d" % (with_geom, f.featureCount()))

    print("%d failure(s)" % len(FAILURES), flush=True)
    # QGIS 3.22's Python bindings crash while tearing down at interpreter exit: leave at once.
    os._exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
