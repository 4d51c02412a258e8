/** A clock for views that show a time growing while something runs (the Train view's Time). */
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';

/**
 * Now (ms since the epoch), ticking every second while `active()` is true (e.g. a run
 * trains, so its Time grows in a table); stopped when false and when the component unmounts.
 */
export function useTickingNow(active: () => boolean): Ref<number> {
  const now = ref(Date.now());
  let clock: ReturnType<typeof setInterval> | undefined;
  watch(
    active,
    (on) => {
      now.value = Date.now();
      clearInterval(clock);
      clock = on ? setInterval(() => (now.value = Date.now()), 1000) : undefined;
    },
    { immediate: true },
  );
  onBeforeUnmount(() => clearInterval(clock));
  return now;
}
