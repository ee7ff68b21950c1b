-- The peers' reduced workload (issue 20), PostGIS dialect. Input tables, loaded by ogr2ogr:
-- parks(park_id, geom), parcels(fid, qydm, gdsj, geom), approvals(geom), ents(qydm, output, tax).
-- :'T' is the evaluation date (ISO text). Output: table peer_parks, one row per park.
\set ON_ERROR_STOP on
-- Parcels supplied by T, or undated (as landeff: only a recorded date after T excludes; a parcel supplied after T holds no land and no money at T).
CREATE TEMP TABLE sup AS
  SELECT p.fid, p.qydm, p.geom, ST_Area(p.geom) AS a FROM parcels p WHERE p.gdsj IS NULL OR p.gdsj <= :'T';
CREATE INDEX ON sup USING gist (geom);
-- Money onto parcels: the enterprise's figures by area share among its parcels supplied by T.
CREATE TEMP TABLE money AS
  SELECT s.fid, e.output * s.a / t.a AS output, e.tax * s.a / t.a AS tax
  FROM sup s JOIN (SELECT qydm, sum(a) AS a FROM sup GROUP BY qydm) t USING (qydm)
       JOIN ents e USING (qydm) WHERE t.a > 0;
-- Intersection shares: parcel x park, area of the part inside and its share of the parcel.
CREATE TEMP TABLE shares AS
  SELECT k.park_id, s.fid, ST_Area(ST_Intersection(s.geom, k.geom)) AS part, s.a
  FROM sup s JOIN parks k ON ST_Intersects(s.geom, k.geom);
-- 批而未供 by difference, per park: (union of approvals ∩ park) − union of supplied parcels in it.
CREATE TEMP TABLE appr AS
  SELECT k.park_id, ST_Intersection(ST_Union(a.geom), k.geom) AS g
  FROM parks k JOIN approvals a ON a.geom && k.geom GROUP BY k.park_id, k.geom;
CREATE TEMP TABLE supu AS
  SELECT sh.park_id, ST_Union(s.geom) AS g FROM shares sh JOIN sup s ON s.fid = sh.fid GROUP BY sh.park_id;
CREATE TEMP TABLE unsup AS
  SELECT ap.park_id, ST_Area(ap.g) AS appr_m2,
         CASE WHEN su.g IS NULL THEN ap.g ELSE ST_Difference(ap.g, su.g) END AS geom
  FROM appr ap LEFT JOIN supu su USING (park_id);
-- Per-park sums and per-mu figures (666.666… m² per mu, as landeff's mu).
CREATE TABLE peer_parks AS
  SELECT k.park_id,
         COALESCE(sum(sh.part), 0) / (10000.0 / 15.0) AS land_mu,
         COALESCE(sum(m.output * sh.part / sh.a), 0) AS output,
         COALESCE(sum(m.tax * sh.part / sh.a), 0) AS tax,
         COALESCE(sum(m.output * sh.part / sh.a), 0) / NULLIF(sum(sh.part) / (10000.0 / 15.0), 0) AS mu_output,
         COALESCE(sum(m.tax * sh.part / sh.a), 0) / NULLIF(sum(sh.part) / (10000.0 / 15.0), 0) AS mu_tax,
         max(u.appr_m2) / (10000.0 / 15.0) AS appr_mu,
         max(ST_Area(u.geom)) / (10000.0 / 15.0) AS unsup_mu
  FROM parks k LEFT JOIN shares sh USING (park_id) LEFT JOIN money m ON m.fid = sh.fid LEFT JOIN unsup u ON u.park_id = k.park_id
  GROUP BY k.park_id ORDER BY k.park_id;
CREATE TABLE peer_out AS SELECT p.*, u.geom FROM peer_parks p LEFT JOIN unsup u USING (park_id) ORDER BY p.park_id;
