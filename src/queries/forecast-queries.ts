import {
  addDays,
  DEFAULT_HORIZON_DAYS,
  DEFAULT_LEAD_TIME_DAYS,
  denseDailyDemand,
  forecastDemand,
  ForecastMethod,
  HISTORY_DAYS,
  replenishmentFigures,
} from '../domain/forecasting';
import { DocumentStore } from '../infrastructure/documents/document-store';
import { ALL_LOCATIONS, DailyDemand, DEMAND_COLLECTION } from '../projections/read-models/demand.projection';
import { REPLENISHMENT_COLLECTION, ReplenishmentLine } from '../projections/read-models/replenishment.projection';
import { InventoryQueries } from './inventory-queries';

export { DEFAULT_LEAD_TIME_DAYS, HISTORY_DAYS };

export type ForecastRequest = {
  sku: string;
  locationId?: string;
  horizon?: number;
  method?: ForecastMethod;
  alpha?: number;
  beta?: number;
  serviceLevel?: number;
  leadTimeDays?: number;
};

/** Demand forecasts and the replenishment list, from the demand and inventory read models. */
export class ForecastQueries {
  private readonly inventory: InventoryQueries;

  constructor(
    private readonly documents: DocumentStore,
    private readonly today: () => string = () => new Date().toISOString().slice(0, 10),
  ) {
    this.inventory = new InventoryQueries(documents);
  }

  async forecast(request: ForecastRequest) {
    const levels = (await this.inventory.levelsOf(request.sku)).filter(
      (level) => request.locationId === undefined || level.locationId === request.locationId,
    );
    const history = await this.history(request.sku, request.locationId ?? ALL_LOCATIONS);
    const policyLeadTime = Math.max(0, ...levels.map((level) => level.leadTimeDays));
    const result = forecastDemand({
      history,
      method: request.method ?? 'ses',
      alpha: request.alpha,
      beta: request.beta,
      horizon: request.horizon ?? DEFAULT_HORIZON_DAYS,
      leadTimeDays: request.leadTimeDays ?? (policyLeadTime || DEFAULT_LEAD_TIME_DAYS),
      serviceLevel: request.serviceLevel,
      atp: levels.reduce((sum, level) => sum + level.atp, 0),
      forecastStart: history.length === 0 ? addDays(this.today(), 1) : undefined,
    });
    return { sku: request.sku, locationId: request.locationId ?? null, ...result };
  }

  /**
   * A page of the SKUs and locations at or below their reorder point, most
   * urgent first: one indexed read of the replenishment read model, whatever
   * the size of the store.
   */
  async replenishment(page: { limit: number; cursor?: string | undefined }) {
    const found = await this.documents.find<ReplenishmentLine>(REPLENISHMENT_COLLECTION, {
      filter: { needsReorder: true },
      sort: { field: 'urgency' },
      limit: page.limit,
      cursor: page.cursor ?? null,
    });
    return {
      items: found.items.map((line) => {
        const figures = replenishmentFigures({ demand: line.demand, asOf: line.asOf, atp: line.atp, policyLeadTimeDays: line.level.leadTimeDays });
        return {
          sku: line.sku,
          locationId: line.locationId,
          atp: line.atp,
          onHand: line.onHand,
          reorderPoint: line.reorderPoint,
          safetyStock: line.safetyStock,
          leadTimeDays: line.leadTimeDays,
          daysOfCover: figures.daysOfCover,
          suggestedReorderQuantity: figures.suggestedReorderQuantity,
          asOf: line.asOf,
        };
      }),
      nextCursor: found.nextCursor,
    };
  }

  /** Daily demand on consecutive days up to today, zeros included, at most HISTORY_DAYS long. */
  private async history(sku: string, locationId: string) {
    const today = this.today();
    const from = addDays(today, -(HISTORY_DAYS - 1));
    const days: DailyDemand[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: DailyDemand[]; nextCursor: string | null } = await this.documents.find<DailyDemand>(DEMAND_COLLECTION, {
        filter: { sku, locationId, date: { $gte: from, $lte: today } },
        sort: { field: 'date', direction: 'asc' },
        limit: 500,
        cursor,
      });
      days.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const first = days[0];
    if (!first) return [];
    return denseDailyDemand(
      days.map((day) => ({ date: day.date, demand: day.units })),
      first.date,
      today,
    );
  }
}
