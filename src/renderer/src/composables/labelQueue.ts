/**
 * The Label view's queue and what it shows (views/LabelView.vue): the overview (tasks, counts,
 * stacks), the queue of row ids a filter and order give, the items fetched around the place
 * (single mode: the current item and those ahead; grid: the page), the place itself (position,
 * page, selection, focused task), and the rounds and Recent edits beside it. Reading only:
 * writing labels is composables/labelWrite.ts, following changes composables/labelFollow.ts.
 */
import { computed, reactive, ref, type ComputedRef, type Ref } from 'vue';
import {
  RECENT_LABEL_EVENTS,
  type LabelFilter,
  type LabelHistoryEntry,
  type LabelItem,
  type LabelOrder,
  type LabelOrdering,
  type LabelOverview,
  type LabelRound,
} from '@shared/contract';
import { api } from '../api';
import { tabOrigin } from '../tabOrigin';

/** Items per page of the grid. */
export const LABEL_PAGE = 40;
/** Items fetched ahead of the current one (single mode). */
export const LABEL_AHEAD = 20;

/** What the queue reads by: the dataset, and the filter settings (composables/useLabelFilter.ts). */
export interface LabelQueueSource {
  /** The selected dataset's id (null: none, nothing is read). */
  datasetId: ComputedRef<number | null>;
  /** The run whose suggestions and uncertainty are shown (null: none). */
  runId: Ref<number | null>;
  /** The filter and order as `labels.order` takes them. */
  filter: () => LabelFilter;
  order: () => LabelOrder;
  /** False while a setting `labels.order` needs is missing (the queue is then empty). */
  filterReady: ComputedRef<boolean>;
}

/**
 * The queue of the Label view; call in its setup.
 * @returns its state (refs) and reads; every read fails as its request does (callers catch),
 *   except {@link reload}, which shows its failure as `loadError`.
 */
export function useLabelQueue(source: LabelQueueSource) {
  const { datasetId, runId } = source;
  const overview = ref<LabelOverview | null>(null);
  const ordering = ref<LabelOrdering>({ rowIds: [], confidence: null, total: 0 });
  const items = reactive(new Map<number, LabelItem>());
  const pos = ref(0);
  const loading = ref(false);
  const loadError = ref<unknown>(null);
  const mode = ref<'single' | 'grid'>('single');
  const page = ref(0);
  const selected = ref<number[]>([]);
  const focusedTask = ref(0);
  const rounds = ref<LabelRound[]>([]);
  const history = ref<LabelHistoryEntry[]>([]);
  /**
   * Rows the latest undo or redo changed that are on screen (the item shown, or tiles of the
   * grid's page): highlighted there until the next move or label, so the user sees what
   * changed without leaving their place.
   */
  const changedRows = ref<number[]>([]);
  /**
   * Reads of the overview or of items in flight: a change heard meanwhile cannot be applied
   * to what they answer (they may have read it already, or not), so it is read again.
   */
  const reading = ref(0);

  const tasks = computed(() => overview.value?.tasks ?? []);
  const currentId = computed(() => ordering.value.rowIds[pos.value] ?? null);
  const current = computed(() =>
    currentId.value === null ? null : (items.get(currentId.value) ?? null),
  );
  const focused = computed(() => tasks.value[focusedTask.value] ?? null);
  const pageIds = computed(() =>
    ordering.value.rowIds.slice(page.value * LABEL_PAGE, (page.value + 1) * LABEL_PAGE),
  );
  const pageItems = computed(() =>
    pageIds.value.flatMap((id) => (items.has(id) ? [items.get(id)!] : [])),
  );
  const pages = computed(() => Math.max(1, Math.ceil(ordering.value.rowIds.length / LABEL_PAGE)));

  /** Counts a read in {@link reading} while it runs. */
  async function counted<T>(read: () => Promise<T>): Promise<T> {
    reading.value++;
    try {
      return await read();
    } finally {
      reading.value--;
    }
  }

  /** Reads the overview of the dataset. */
  async function loadOverview(): Promise<void> {
    const id = datasetId.value;
    if (id === null) return;
    overview.value = await counted(() =>
      api().invoke('labels.overview', { datasetId: id, origin: tabOrigin() }),
    );
  }

  /** Reads the rounds (runs as labelling rounds) and Recent edits. */
  async function loadSide(): Promise<void> {
    if (datasetId.value === null) return;
    const [r, h] = await Promise.all([
      api().invoke('labels.rounds', { datasetId: datasetId.value }),
      api().invoke('labels.history', { datasetId: datasetId.value, limit: RECENT_LABEL_EVENTS }),
    ]);
    rounds.value = r;
    history.value = h;
  }

  let generation = 0;
  /** Reads the queue for the filter and order, back at its start (the newest request wins). */
  async function loadOrdering(): Promise<void> {
    const mine = ++generation;
    if (datasetId.value === null || !source.filterReady.value) {
      ordering.value = { rowIds: [], confidence: null, total: 0 };
      return;
    }
    loading.value = true;
    loadError.value = null;
    try {
      const result = await api().invoke('labels.order', {
        datasetId: datasetId.value,
        filter: source.filter(),
        order: source.order(),
        runId: runId.value ?? undefined,
        limit: 200_000,
      });
      if (mine !== generation) return;
      ordering.value = result;
      labelledHere.clear();
      pos.value = 0;
      page.value = 0;
      selected.value = [];
      changedRows.value = [];
      await ensureItems();
      focusFirstMissing();
    } catch (err) {
      if (mine === generation) loadError.value = err;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /**
   * Rows this page labelled since the queue was read (composables/labelFollow.ts apply): the
   * item shown stays in the queue when {@link followOrdering} finds it left the filter by the
   * user's own labels, so a change made elsewhere does not move them off an item they label.
   */
  const labelledHere = new Set<number>();

  /**
   * Reads the queue again after labels changed elsewhere (another tab, another program),
   * keeping the place: the item shown stays when it still belongs to the queue (at its new
   * position), or when this page labelled it (it stays until the user moves on); otherwise the
   * next item of the old queue that still belongs is shown (else the last item). The grid
   * keeps its page (the last one when fewer remain) and the selected items still in the queue.
   * While a read from the start is in flight (a new filter), reads from the start instead.
   * Fails as `labels.order` does (callers catch); a newer read of the queue wins.
   */
  async function followOrdering(): Promise<void> {
    if (loading.value) return loadOrdering();
    const id = datasetId.value;
    if (id === null || !source.filterReady.value) return;
    // Every row in row order: labels cannot change it.
    if (source.filter().kind === 'all' && source.order().kind === 'row') return;
    const mine = ++generation;
    const result = await api().invoke('labels.order', {
      datasetId: id,
      filter: source.filter(),
      order: source.order(),
      runId: runId.value ?? undefined,
      limit: 200_000,
    });
    if (mine !== generation || id !== datasetId.value) return;
    const old = ordering.value.rowIds;
    const shown = currentId.value;
    const rowIds = [...result.rowIds];
    const confidence = result.confidence ? [...result.confidence] : null;
    const at = new Map(rowIds.map((row, k) => [row, k]));
    // Where the item shown is (or would be): its own place, or the next old row still there.
    let next = shown === null ? undefined : at.get(shown);
    if (next === undefined && shown !== null) {
      const later = old.slice(pos.value + 1).find((row) => at.has(row));
      const place = later === undefined ? rowIds.length : at.get(later)!;
      if (labelledHere.has(shown)) {
        rowIds.splice(place, 0, shown);
        confidence?.splice(place, 0, ordering.value.confidence?.[pos.value] ?? null);
        next = place;
      } else next = Math.min(place, Math.max(0, rowIds.length - 1));
    }
    const kept = new Set(rowIds);
    ordering.value = { ...result, rowIds, confidence };
    pos.value = next ?? 0;
    page.value = Math.min(page.value, Math.max(0, Math.ceil(rowIds.length / LABEL_PAGE) - 1));
    selected.value = selected.value.filter((row) => kept.has(row));
    changedRows.value = changedRows.value.filter((row) => kept.has(row));
    if (currentId.value !== shown) changedRows.value = [];
    await ensureItems();
    if (mode.value === 'single' && currentId.value !== shown) focusFirstMissing();
  }

  /** The rows on screen or about to be: around the current one (single mode), or the page. */
  function shownIds(): number[] {
    return mode.value === 'grid'
      ? pageIds.value
      : ordering.value.rowIds.slice(Math.max(0, pos.value - 2), pos.value + LABEL_AHEAD);
  }

  /** Fetches the items around the current one (single mode) or of the page (grid). */
  async function ensureItems(): Promise<void> {
    const id = datasetId.value;
    if (id === null) return;
    const missing = shownIds().filter((row) => !items.has(row));
    if (missing.length === 0) return;
    const fetched = await counted(() =>
      api().invoke('labels.items', {
        datasetId: id,
        rowIds: missing,
        runId: runId.value ?? undefined,
      }),
    );
    for (const item of fetched) items.set(item.rowId, item);
  }

  /** Focuses the current item's first task without a label (else the first task). */
  function focusFirstMissing(): void {
    const item = current.value;
    const index = item ? tasks.value.findIndex((task) => item.labels[task.task] === null) : -1;
    focusedTask.value = index >= 0 ? index : 0;
  }

  /** Goes `step` items (single mode) or pages (grid) on, fetching what comes on screen. */
  async function move(step: number): Promise<void> {
    changedRows.value = [];
    if (mode.value === 'grid') {
      page.value = Math.min(pages.value - 1, Math.max(0, page.value + step));
      selected.value = [];
    } else {
      const next = pos.value + step;
      if (next < 0 || next >= ordering.value.rowIds.length) return;
      pos.value = next;
      // Focus at once when the item is here (keys may follow right away), else once loaded.
      if (current.value) focusFirstMissing();
    }
    const loaded = current.value !== null;
    await ensureItems();
    if (mode.value === 'single' && !loaded) focusFirstMissing();
  }

  /** Reads everything again (the items dropped): the overview, then the queue and the side. */
  async function reload(): Promise<void> {
    items.clear();
    try {
      await loadOverview();
      await Promise.all([loadOrdering(), loadSide()]);
    } catch (err) {
      loadError.value = err;
    }
  }

  return {
    overview,
    ordering,
    items,
    pos,
    loading,
    loadError,
    mode,
    page,
    selected,
    focusedTask,
    rounds,
    history,
    changedRows,
    reading,
    tasks,
    currentId,
    current,
    focused,
    pageIds,
    pageItems,
    pages,
    loadOverview,
    loadSide,
    loadOrdering,
    followOrdering,
    labelledHere,
    shownIds,
    ensureItems,
    focusFirstMissing,
    move,
    reload,
  };
}

/** The Label view's queue (what {@link useLabelQueue} returns). */
export type LabelQueue = ReturnType<typeof useLabelQueue>;
