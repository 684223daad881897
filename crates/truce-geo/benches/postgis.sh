#!/usr/bin/env bash
# Compares truce-geo with PostGIS on the same seeded points.
#
#   cargo run --release -p truce-geo --example throughput -- 1000000 20000 \
#       --csv target-geo/points.csv --csv-n 100000
#   crates/truce-geo/benches/postgis.sh target-geo/points.csv
#
# Needs psql and a PostgreSQL with PostGIS (apt-get install
# postgresql-15-postgis-3). Connection: the usual PG* variables, default
# 127.0.0.1, user postgres, database test. Everything happens in the schema
# truce_geo_bench, which is dropped and recreated. Parallel workers are off,
# so PostGIS runs on one core like the Rust code.
set -euo pipefail

csv="${1:-target-geo/points.csv}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGDATABASE="${PGDATABASE:-test}"

[ -f "$csv" ] || { echo "no points file $csv (run the throughput example with --csv first)" >&2; exit 2; }
csv_abs="$(cd "$(dirname "$csv")" && pwd)/$(basename "$csv")"

psql -X -q -v ON_ERROR_STOP=1 \
  -v border="$(cat "$root/assets/geo/border-pak-afg.geojson")" \
  -v countries="$(cat "$root/assets/geo/countries-pak-afg.geojson")" <<SQL
\pset footer off
create extension if not exists postgis;
set max_parallel_workers_per_gather = 0;
drop schema if exists truce_geo_bench cascade;
create schema truce_geo_bench;
set search_path = truce_geo_bench, public;

create table border as
  select st_setsrid(st_geomfromgeojson((:'border'::jsonb)->'features'->0->'geometry'), 4326) as geom;
alter table border add column geog geography;
update border set geog = geom::geography;

create table country as
  select f->'properties'->>'iso_a3' as iso,
         st_setsrid(st_geomfromgeojson(f->'geometry'), 4326) as geom
  from jsonb_array_elements((:'countries'::jsonb)->'features') as f;

create table pts (id int primary key, lat float8, lon float8, side text, border_km float8);
\copy pts from '$csv_abs' with (format csv, header true)
alter table pts add column geom geometry(point, 4326);
alter table pts add column geog geography(point, 4326);
update pts set geom = st_setsrid(st_makepoint(lon, lat), 4326), geog = st_setsrid(st_makepoint(lon, lat), 4326)::geography;
create index on pts using gist (geom);
analyze;

select count(*) as points from pts;

-- 1. Side: ST_Contains against both country polygons (GEOS prepared geometry).
select clock_timestamp() as t0 \gset
select count(*) filter (where c.iso = 'PAK') as in_pakistan,
       count(*) filter (where c.iso = 'AFG') as in_afghanistan
  from pts p join country c on st_contains(c.geom, p.geom);
select round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 3) as contains_s \gset

-- 2. Distance to the line on geography (spheroid, the PostGIS default).
select clock_timestamp() as t0 \gset
select round(avg(st_distance(b.geog, p.geog))::numeric / 1000, 3) as mean_km_spheroid from pts p, border b;
select round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 3) as distance_spheroid_s \gset

-- 3. The same on the sphere (use_spheroid = false), the model truce-geo uses.
select clock_timestamp() as t0 \gset
select round(avg(st_distance(b.geog, p.geog, false))::numeric / 1000, 3) as mean_km_sphere from pts p, border b;
select round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 3) as distance_sphere_s \gset

select :'contains_s' as contains_s, :'distance_spheroid_s' as distance_spheroid_s,
       :'distance_sphere_s' as distance_sphere_s,
       round((select count(*) from pts) / :'contains_s'::numeric) as contains_points_per_s,
       round((select count(*) from pts) / :'distance_spheroid_s'::numeric) as spheroid_points_per_s,
       round((select count(*) from pts) / :'distance_sphere_s'::numeric) as sphere_points_per_s;

-- Agreement with truce-geo (its answers are in the CSV).
with pg as (
  select p.id, p.side as ours_side, p.border_km as ours_km,
         coalesce((select case c.iso when 'PAK' then 'PK' else 'AF' end
                     from country c where st_contains(c.geom, p.geom) limit 1), '') as pg_side,
         st_distance(b.geog, p.geog, false) / 1000 as pg_km_sphere,
         st_distance(b.geog, p.geog) / 1000 as pg_km_spheroid
  from pts p, border b
)
select count(*) filter (where ours_side is distinct from pg_side
                        and not (coalesce(ours_side, '') = '' and pg_side = '')) as side_disagreements,
       round(max(abs(ours_km - pg_km_sphere))::numeric, 4) as max_abs_diff_km_sphere,
       round(max(abs(ours_km - pg_km_spheroid))::numeric, 3) as max_abs_diff_km_spheroid,
       round(max(abs(ours_km - pg_km_spheroid) / nullif(pg_km_spheroid, 0)) filter (where pg_km_spheroid > 1)::numeric * 100, 3) as max_rel_diff_pct_spheroid
from pg;
SQL
