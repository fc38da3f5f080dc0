import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a Magento 2 store's REST orders search, answering as
 * Adobe Commerce documents it: `GET /rest/V1/orders?searchCriteria[...]`
 * with filter groups ANDed, filters `eq`/`gt`/`gteq`, sort orders, page size
 * and current page; `{items, search_criteria, total_count}`; 401 with
 * `{message, parameters}` for a bad token. Tests queue failures and change
 * orders between pages.
 */
export type StoredMagentoOrder = Record<string, unknown> & { entity_id: number; updated_at: string };

export type MagentoServer = {
  url: string;
  token: string;
  orders: StoredMagentoOrder[];
  /** Answers to give, in turn, before searching again: a status (and optional headers). */
  failures: { status: number; headers?: Record<string, string> }[];
  /** Called before each search is answered (to change orders mid-pull). */
  beforeSearch: ((searchNumber: number) => void) | null;
  searches: URLSearchParams[];
  close(): Promise<void>;
};

type Filter = { field: string; value: string; condition: string };

export async function startMagentoServer(token = 'magento-integration-token'): Promise<MagentoServer> {
  const state: MagentoServer = {
    url: '',
    token,
    orders: [],
    failures: [],
    beforeSearch: null,
    searches: [],
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Sales::actions_view' } });
      return;
    }
    if (req.method !== 'GET' || url.pathname !== '/rest/V1/orders') {
      send(404, { message: 'Request does not match any route.' });
      return;
    }
    const failure = state.failures.shift();
    if (failure) {
      send(failure.status, { message: 'Service temporarily unavailable' }, failure.headers);
      return;
    }
    state.searches.push(url.searchParams);
    state.beforeSearch?.(state.searches.length);
    const { filterGroups, sortOrders, pageSize, currentPage } = criteriaOf(url.searchParams);
    const matching = state.orders
      .filter((order) => filterGroups.every((group) => group.some((filter) => matches(order, filter))))
      .sort((a, b) => compareBy(a, b, sortOrders));
    const items = matching.slice((currentPage - 1) * pageSize, currentPage * pageSize);
    send(200, {
      items: structuredClone(items),
      search_criteria: {
        filter_groups: filterGroups.map((filters) => ({ filters: filters.map((f) => ({ field: f.field, value: f.value, condition_type: f.condition })) })),
        sort_orders: sortOrders,
        page_size: pageSize,
        current_page: currentPage,
      },
      total_count: matching.length,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

function criteriaOf(params: URLSearchParams) {
  const groups = new Map<number, Map<number, Partial<Filter>>>();
  const sorts = new Map<number, { field?: string; direction?: string }>();
  for (const [key, value] of params) {
    const filter = /^searchCriteria\[filter_groups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(field|value|condition_type)\]$/.exec(key);
    if (filter) {
      const group = groups.get(Number(filter[1])) ?? new Map<number, Partial<Filter>>();
      groups.set(Number(filter[1]), group);
      const entry = group.get(Number(filter[2])) ?? {};
      group.set(Number(filter[2]), entry);
      entry[filter[3] === 'condition_type' ? 'condition' : (filter[3] as 'field' | 'value')] = value;
    }
    const sort = /^searchCriteria\[sortOrders\]\[(\d+)\]\[(field|direction)\]$/.exec(key);
    if (sort) {
      const entry = sorts.get(Number(sort[1])) ?? {};
      sorts.set(Number(sort[1]), entry);
      entry[sort[2] as 'field' | 'direction'] = value;
    }
  }
  const filterGroups = [...groups.values()].map((group) => [...group.values()].map((f) => ({ field: f.field!, value: f.value!, condition: f.condition ?? 'eq' })));
  const sortOrders = [...sorts.entries()].sort(([a], [b]) => a - b).map(([, s]) => ({ field: s.field!, direction: s.direction ?? 'ASC' }));
  return {
    filterGroups,
    sortOrders,
    pageSize: Number(params.get('searchCriteria[pageSize]') ?? 20),
    currentPage: Number(params.get('searchCriteria[currentPage]') ?? 1),
  };
}

const valueOf = (order: StoredMagentoOrder, field: string): string | number => order[field] as string | number;

function matches(order: StoredMagentoOrder, filter: Filter): boolean {
  const actual = valueOf(order, filter.field);
  const wanted = typeof actual === 'number' ? Number(filter.value) : filter.value;
  switch (filter.condition) {
    case 'eq':
      return actual === wanted;
    case 'gt':
      return actual > wanted;
    case 'gteq':
      return actual >= wanted;
    default:
      throw new Error(`condition ${filter.condition} not served by this stand-in`);
  }
}

function compareBy(a: StoredMagentoOrder, b: StoredMagentoOrder, sorts: { field: string; direction: string }[]): number {
  for (const { field, direction } of sorts) {
    const x = valueOf(a, field);
    const y = valueOf(b, field);
    if (x !== y) return (x < y ? -1 : 1) * (direction === 'DESC' ? -1 : 1);
  }
  return 0;
}
