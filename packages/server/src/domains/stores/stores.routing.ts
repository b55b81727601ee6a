// Pure store routing for the landing page: distance (haversine), whether a store is open now (status and open
// hours in its local time), and the choice of store for a location or a city.
import { isOnline, localTime, parseHm } from "../live-codes/routing.ts";
import type { OpenRange } from "./stores.tables.ts";

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two WGS-84 points. */
export function haversineKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLng = (bLng - aLng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface RoutableStore {
  id: string;
  city: string;
  lat: number | null;
  lng: number | null;
  status: "open" | "closed";
  openHours: OpenRange[];
  tzOffsetMinutes: number;
}

/** Open status and, when it has open hours, inside one of today's ranges (local time). */
export function isOpenNow(s: Pick<RoutableStore, "status" | "openHours" | "tzOffsetMinutes">, nowMs: number) {
  return s.status === "open" && isOnline(s.openHours, localTime(nowMs, s.tzOffsetMinutes));
}

/** Today's open ranges in the store's local time (all day when it has none). */
export function openHoursToday(s: Pick<RoutableStore, "openHours" | "tzOffsetMinutes">, nowMs: number) {
  if (s.openHours.length === 0) return [{ start: "00:00", end: "24:00" }];
  const t = localTime(nowMs, s.tzOffsetMinutes);
  return s.openHours
    .filter((r) => r.weekday === t.weekday)
    .sort((a, b) => parseHm(a.start) - parseHm(b.start))
    .map((r) => ({ start: r.start, end: r.end }));
}

export interface Ranked<T> {
  store: T;
  distanceKm: number | null;
}

/** Open stores with coordinates, nearest first (ties by id). */
export function rankByDistance<T extends RoutableStore>(
  stores: T[],
  at: { lat: number; lng: number },
  nowMs: number,
): Ranked<T>[] {
  return stores
    .filter((s) => s.lat !== null && s.lng !== null && isOpenNow(s, nowMs))
    .map((s) => ({ store: s, distanceKm: haversineKm(at.lat, at.lng, s.lat!, s.lng!) }))
    .sort((a, b) => a.distanceKm - b.distanceKm || Number(a.store.id) - Number(b.store.id));
}

/** Open stores of a city (case and surrounding spaces ignored; "上海" matches "上海市"), by id. */
export function storesInCity<T extends RoutableStore>(stores: T[], city: string, nowMs: number): Ranked<T>[] {
  const want = normaliseCity(city);
  return stores
    .filter((s) => normaliseCity(s.city) === want && isOpenNow(s, nowMs))
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((s) => ({ store: s, distanceKm: null }));
}

export function normaliseCity(city: string): string {
  return city.trim().toLowerCase().replace(/市$/, "");
}
