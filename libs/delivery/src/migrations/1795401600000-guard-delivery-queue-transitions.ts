import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue's allowed state changes as of this migration (queue-states.ts is the source; its spec checks this copy
 * matches). Written out here because a migration must mean the same thing forever, whatever the code says later.
 */
export const GUARDED_QUEUE_CHANGES: readonly (readonly [string, string])[] = [
  ['pending', 'in_flight'],
  ['in_flight', 'in_flight'],
  ['in_flight', 'pending'],
  ['dead_lettered', 'pending'],
  ['pending', 'delivered'],
  ['in_flight', 'delivered'],
  ['pending', 'stale'],
  ['in_flight', 'stale'],
  ['pending', 'dead_lettered'],
  ['in_flight', 'dead_lettered'],
];

/**
 * Refuses, in the database, a delivery_queue state change the queue's transition table does not allow (a bug, a
 * hand-written statement): the repositories' guarded statements never try one, so this only ever stops a mistake.
 */
export class GuardDeliveryQueueTransitions1795401600000 implements MigrationInterface {
  name = 'GuardDeliveryQueueTransitions1795401600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const allowed = GUARDED_QUEUE_CHANGES.map(([from, to]) => `('${from}', '${to}')`).join(', ');
    await queryRunner.query(`
      CREATE FUNCTION delivery_queue_guard_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (OLD.state, NEW.state) NOT IN (${allowed}) THEN
          RAISE EXCEPTION 'delivery_queue: % -> % is not an allowed state change (command %)', OLD.state, NEW.state, OLD.command_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER delivery_queue_guard_transition BEFORE UPDATE OF state ON delivery_queue
      FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION delivery_queue_guard_transition()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER delivery_queue_guard_transition ON delivery_queue`);
    await queryRunner.query(`DROP FUNCTION delivery_queue_guard_transition()`);
  }
}
