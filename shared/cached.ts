// One place for the "build once, keep for the process" idiom: Intl formatters, zone clocks and the like cost far more
// to build than to use, and come in few kinds.

/** The value kept in `cache` under `key`, made by `make` the first time it is asked for. */
export function cachedIn<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
