import { Carrier, CarrierError, Quote, QuoteRequest } from '../../infrastructure/carriers/carrier';
import { Logger } from '../../infrastructure/observability/logger';

/**
 * Asks every carrier at once and answers with all their quotes, cheapest
 * first. A carrier that cannot answer is left out (and logged); only when
 * none answers is its error thrown, so the caller can say why.
 */
export const quoteShipping = async (carriers: readonly Carrier[], request: QuoteRequest, logger: Logger): Promise<Quote[]> => {
  const answers = await Promise.allSettled(carriers.map((carrier) => carrier.quote(request)));
  const quotes = answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []));
  const failures = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason as unknown] : []));
  if (quotes.length === 0 && failures.length > 0) {
    // An address no carrier takes says more than an outage elsewhere.
    throw failures.find((error) => error instanceof CarrierError && !error.transient) ?? failures[0];
  }
  for (const error of failures) logger.warn({ err: error }, 'a carrier could not quote; answering with the others');
  return quotes.sort((a, b) => a.amount - b.amount);
};
