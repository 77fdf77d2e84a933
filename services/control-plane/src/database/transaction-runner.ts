import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * One open database transaction, handed to repository methods that must write together (a configuration
 * version with its audit record, an API key with its audit record). Only repositories run queries on it.
 */
export type Transaction = EntityManager;

/** Opens transactions for services, so they group repository calls without holding the DataSource themselves. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
