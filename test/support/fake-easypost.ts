import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local stand-in for EasyPost's v2 REST API, answering as its public
 * documentation shows: Basic auth with the API key as user name, Shipment
 * objects with their Rates, buy, Trackers, and errors as
 * {error: {code, message, errors}} with the documented status codes.
 */

type Address = { street1?: string; city?: string; state?: string; zip?: string; country?: string; company?: string; name?: string };
type Rate = {
  id: string;
  object: 'Rate';
  mode: 'test';
  carrier: string;
  service: string;
  rate: string;
  currency: string;
  delivery_days: number | null;
  delivery_date: string | null;
  delivery_date_guaranteed: boolean;
  shipment_id: string;
};
type Shipment = {
  id: string;
  object: 'Shipment';
  mode: 'test';
  reference: string | null;
  status: string;
  to_address: Address;
  from_address: Address;
  parcel: Record<string, unknown>;
  rates: Rate[];
  selected_rate: Rate | null;
  postage_label: { object: 'PostageLabel'; label_url: string; label_file_type: string } | null;
  tracking_code: string | null;
  tracker: Tracker | null;
  messages: unknown[];
  created_at: string;
};
type Tracker = {
  id: string;
  object: 'Tracker';
  mode: 'test';
  tracking_code: string;
  status: string;
  est_delivery_date: string | null;
  carrier: string;
  shipment_id: string;
  tracking_details: { object: 'TrackingDetail'; status: string; message: string; datetime: string }[];
  created_at: string;
};

export type RecordedRequest = { method: string; path: string; authorization: string | undefined; body: unknown };

/** The rates every shipment is offered (amount in USD, days in transit), cheapest not first on purpose. */
export const FAKE_RATES = [
  { carrier: 'USPS', service: 'Priority', rate: '8.24', delivery_days: 2 },
  { carrier: 'USPS', service: 'GroundAdvantage', rate: '5.93', delivery_days: 5 },
  { carrier: 'UPS', service: 'NextDayAir', rate: '38.10', delivery_days: 1 },
  { carrier: 'UPS', service: '2ndDayAir', rate: '19.75', delivery_days: 2 },
  { carrier: 'USPS', service: 'Express', rate: '31.50', delivery_days: 1 },
] as const;

const hex = () => randomBytes(16).toString('hex');
const error = (code: string, message: string, errors: unknown[] = []) => ({ error: { code, message, errors } });

export class FakeEasyPost {
  readonly requests: RecordedRequest[] = [];
  private readonly shipments = new Map<string, Shipment>();
  private readonly byReference = new Map<string, string>();
  private readonly failures: { status: number; body: unknown; when: (method: string, path: string) => boolean }[] = [];
  private trackingSeq = 0;
  private server: http.Server | null = null;
  url = '';

  constructor(readonly apiKey: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v2`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The next request (that `when` picks) is answered with this status and body, and has no effect. */
  failNext(status: number, body: unknown, when: (method: string, path: string) => boolean = () => true): void {
    this.failures.push({ status, body, when });
  }

  /** The parcel moves on: the tracker gains a scan, as EasyPost's would. */
  scan(trackingCode: string, status: string, message = status): void {
    const tracker = [...this.shipments.values()].find((s) => s.tracking_code === trackingCode)?.tracker;
    if (!tracker) throw new Error(`no tracker ${trackingCode}`);
    tracker.status = status;
    tracker.tracking_details.push({ object: 'TrackingDetail', status, message, datetime: new Date().toISOString() });
  }

  purchases(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/buy'));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text ? JSON.parse(text) : null;
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization, body });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };

    const failing = this.failures.findIndex((f) => f.when(req.method ?? '', url.pathname));
    if (failing >= 0) {
      const [failure] = this.failures.splice(failing, 1);
      return send(failure!.status, failure!.body);
    }
    const expected = `Basic ${Buffer.from(`${this.apiKey}:`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      return send(401, error('APIKEY.INACTIVE', 'This api key is no longer active. Please use a different api key or reactivate this key.'));
    }

    const path = url.pathname.replace(/^\/v2/, '');
    if (req.method === 'POST' && path === '/shipments') return this.createShipment(body, send);
    const buy = /^\/shipments\/([^/]+)\/buy$/.exec(path);
    if (req.method === 'POST' && buy) return this.buy(decodeURIComponent(buy[1]!), body, send);
    const get = /^\/shipments\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && get) {
      const shipment = this.find(decodeURIComponent(get[1]!));
      return shipment ? send(200, shipment) : send(404, error('NOT_FOUND', 'The requested resource could not be found.'));
    }
    if (req.method === 'GET' && path === '/trackers') {
      const code = url.searchParams.get('tracking_code');
      const trackers = [...this.shipments.values()].flatMap((s) => (s.tracker && s.tracker.tracking_code === code ? [s.tracker] : []));
      return send(200, { trackers, has_more: false });
    }
    send(404, error('NOT_FOUND', 'The requested resource could not be found.'));
  }

  private find(idOrReference: string): Shipment | undefined {
    return this.shipments.get(idOrReference) ?? this.shipments.get(this.byReference.get(idOrReference) ?? '');
  }

  private createShipment(body: unknown, send: (status: number, payload: unknown) => void): void {
    const shipment = (body as { shipment?: Record<string, unknown> } | null)?.shipment;
    const to = shipment?.to_address as Address | undefined;
    const from = shipment?.from_address as Address | undefined;
    const parcel = shipment?.parcel as { weight?: number } | undefined;
    if (!shipment || !to || !from || !parcel) {
      return send(422, error('SHIPMENT.INVALID_PARAMS', 'Unable to create shipment, one or more parameters were invalid.', [
        { field: !to ? 'to_address' : !from ? 'from_address' : 'parcel', message: 'cannot be blank' },
      ]));
    }
    if (!(typeof parcel.weight === 'number' && parcel.weight > 0)) {
      return send(422, error('SHIPMENT.INVALID_PARAMS', 'Unable to create shipment, one or more parameters were invalid.', [
        { field: 'parcel.weight', message: 'must be greater than 0' },
      ]));
    }
    // The test convention for an address no carrier can find.
    if (to.street1 === 'Nowhere 0') {
      return send(422, error('ADDRESS.VERIFY.FAILURE', 'Unable to verify address.', [
        { field: 'street1', message: 'House number is missing', suggestion: null },
      ]));
    }
    const id = `shp_${hex()}`;
    const reference = typeof shipment.reference === 'string' ? shipment.reference : null;
    const currency = ((shipment.options as { currency?: string } | undefined)?.currency ?? 'USD').toUpperCase();
    const created: Shipment = {
      id,
      object: 'Shipment',
      mode: 'test',
      reference,
      status: 'unknown',
      to_address: to,
      from_address: from,
      parcel: { object: 'Parcel', ...parcel },
      rates: FAKE_RATES.map((r) => ({
        id: `rate_${hex()}`,
        object: 'Rate',
        mode: 'test',
        carrier: r.carrier,
        service: r.service,
        rate: r.rate,
        currency,
        delivery_days: r.delivery_days,
        delivery_date: null,
        delivery_date_guaranteed: false,
        shipment_id: id,
      })),
      selected_rate: null,
      postage_label: null,
      tracking_code: null,
      tracker: null,
      messages: [],
      created_at: new Date().toISOString(),
    };
    this.shipments.set(id, created);
    if (reference) this.byReference.set(reference, id);
    send(201, created);
  }

  private buy(id: string, body: unknown, send: (status: number, payload: unknown) => void): void {
    const shipment = this.find(id);
    if (!shipment) return send(404, error('NOT_FOUND', 'The requested resource could not be found.'));
    if (shipment.postage_label) return send(422, error('SHIPMENT.POSTAGE.EXISTS', 'Shipment already has postage.'));
    const rateId = (body as { rate?: { id?: string } } | null)?.rate?.id;
    const rate = shipment.rates.find((r) => r.id === rateId);
    if (!rate) return send(422, error('SHIPMENT.RATE.INVALID', 'The rate does not belong to this shipment.'));
    const trackingCode = `EZ${String(++this.trackingSeq).padStart(10, '0')}`;
    shipment.selected_rate = rate;
    shipment.tracking_code = trackingCode;
    shipment.postage_label = { object: 'PostageLabel', label_url: `https://easypost-files.s3.us-west-2.amazonaws.com/files/postage_label/${hex()}.png`, label_file_type: 'image/png' };
    shipment.tracker = {
      id: `trk_${hex()}`,
      object: 'Tracker',
      mode: 'test',
      tracking_code: trackingCode,
      status: 'pre_transit',
      est_delivery_date: null,
      carrier: rate.carrier,
      shipment_id: shipment.id,
      tracking_details: [
        { object: 'TrackingDetail', status: 'pre_transit', message: 'Pre-Shipment Info Sent to USPS', datetime: new Date().toISOString() },
      ],
      created_at: new Date().toISOString(),
    };
    send(200, shipment);
  }
}
