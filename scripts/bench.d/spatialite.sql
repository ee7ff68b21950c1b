-- The peers' reduced workload (issue 20), SpatiaLite SQL run by GDAL's SQLite dialect on the
-- GeoPackage the bench prepares (tables parks(park_id), parcels(zddm, qydm, gdsj), approvals,
-- ents(qydm, output, tax), each with its R-tree rtree_<table>_geom). @T@ is replaced by the
-- evaluation date. One SELECT: one row per park, its 批而未供 polygon as the geometry.
WITH
-- Parcels supplied by T or undated (only a recorded date after T excludes), with their areas.
sup AS (SELECT fid, zddm, qydm, geom, ST_Area(geom) AS a FROM parcels WHERE gdsj IS NULL OR gdsj <= '@T@'),
-- Money onto parcels: the enterprise's figures by area share among its parcels supplied by T.
tot AS (SELECT qydm, sum(a) AS a FROM sup GROUP BY qydm),
money AS (SELECT s.fid, e.output * s.a / t.a AS output, e.tax * s.a / t.a AS tax
          FROM sup s JOIN tot t ON t.qydm = s.qydm JOIN ents e ON e.qydm = s.qydm WHERE t.a > 0),
-- Intersection shares, the candidates from the parcels' R-tree.
shares AS (SELECT k.park_id, s.fid, ST_Area(ST_Intersection(s.geom, k.geom)) AS part, s.a
           FROM parks k JOIN rtree_parcels_geom r
                ON r.minx <= ST_MaxX(k.geom) AND r.maxx >= ST_MinX(k.geom) AND r.miny <= ST_MaxY(k.geom) AND r.maxy >= ST_MinY(k.geom)
           JOIN sup s ON s.fid = r.id
           WHERE ST_Intersects(s.geom, k.geom)),
sums AS (SELECT sh.park_id, sum(sh.part) AS land_m2, sum(COALESCE(m.output, 0) * sh.part / sh.a) AS output,
                sum(COALESCE(m.tax, 0) * sh.part / sh.a) AS tax
         FROM shares sh LEFT JOIN money m ON m.fid = sh.fid GROUP BY sh.park_id),
-- 批而未供 by difference, per park: (union of approvals ∩ park) − union of supplied parcels in it.
appr AS (SELECT k.park_id, ST_Intersection(ST_Union(a.geom), k.geom) AS g
         FROM parks k JOIN rtree_approvals_geom r
              ON r.minx <= ST_MaxX(k.geom) AND r.maxx >= ST_MinX(k.geom) AND r.miny <= ST_MaxY(k.geom) AND r.maxy >= ST_MinY(k.geom)
         JOIN approvals a ON a.fid = r.id GROUP BY k.park_id),
supu AS (SELECT sh.park_id, ST_Union(s.geom) AS g FROM shares sh JOIN sup s ON s.fid = sh.fid GROUP BY sh.park_id),
un AS (SELECT ap.park_id, ST_Area(ap.g) AS appr_m2,
              CASE WHEN su.g IS NULL THEN ap.g ELSE ST_Difference(ap.g, su.g) END AS g
       FROM appr ap LEFT JOIN supu su ON su.park_id = ap.park_id)
SELECT k.park_id,
       COALESCE(s.land_m2, 0) / (10000.0 / 15.0) AS land_mu,
       COALESCE(s.output, 0) AS output,
       COALESCE(s.tax, 0) AS tax,
       COALESCE(s.output, 0) / NULLIF(COALESCE(s.land_m2, 0) / (10000.0 / 15.0), 0) AS mu_output,
       COALESCE(s.tax, 0) / NULLIF(COALESCE(s.land_m2, 0) / (10000.0 / 15.0), 0) AS mu_tax,
       u.appr_m2 / (10000.0 / 15.0) AS appr_mu,
       ST_Area(u.g) / (10000.0 / 15.0) AS unsup_mu,
       u.g AS geom
FROM parks k LEFT JOIN sums s ON s.park_id = k.park_id LEFT JOIN un u ON u.park_id = k.park_id
ORDER BY k.park_id
