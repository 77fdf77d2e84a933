import type { ErpTemplate } from './erp-template';
import { CSV_SFTP_TEMPLATES } from './templates/csv-sftp.template';
import { DYNAMICS365_TEMPLATES } from './templates/dynamics365.template';
import { NETSUITE_TEMPLATES } from './templates/netsuite.template';
import { ORACLE_FUSION_TEMPLATES } from './templates/oracle-fusion.template';
import { SAP_S4_TEMPLATES } from './templates/sap-s4.template';
import { WEBHOOK_TEMPLATES } from './templates/webhook.template';

const ALL: ErpTemplate[] = [
  ...NETSUITE_TEMPLATES,
  ...DYNAMICS365_TEMPLATES,
  ...SAP_S4_TEMPLATES,
  ...ORACLE_FUSION_TEMPLATES,
  ...CSV_SFTP_TEMPLATES,
  ...WEBHOOK_TEMPLATES,
];

/** ERP kinds Ferry can deliver to today; templates for the others exist so onboarding can be prepared. */
export const DELIVERABLE_ERP_KINDS = [
  'netsuite',
  'webhook',
  'dynamics365',
  'oracle_fusion',
  'csv_sftp',
  'netsuite_soap',
  'sap_s4',
] as const;

export function templateNames(): string[] {
  return [...new Set(ALL.map((template) => template.name))];
}

export function latestTemplate(name: string): ErpTemplate | undefined {
  return ALL.filter((template) => template.name === name).sort((a, b) => b.version - a.version)[0];
}

export function findTemplate(name: string, version?: number): ErpTemplate | undefined {
  return version === undefined ? latestTemplate(name) : ALL.find((template) => template.name === name && template.version === version);
}

export function allTemplates(): ErpTemplate[] {
  return [...ALL];
}

/** The newest template for an ERP kind, or undefined when none has it (netsuite_soap uses the netsuite template). */
export function latestTemplateForErpKind(erpKind: string): ErpTemplate | undefined {
  return ALL.filter((template) => template.erpKind === erpKind).sort((a, b) => b.version - a.version)[0];
}

/**
 * The template's required settings a connection lacks (absent or blank). Only a connection of the template's ERP
 * kind and auth kind is held to them: another auth kind (NetSuite TBA, say) reads other settings.
 */
export function missingRequiredSettings(
  template: Pick<ErpTemplate, 'erpKind' | 'authKind' | 'requiredSettings'>,
  connection: { erpKind: string; authKind: string; settings: Record<string, string> },
): string[] {
  if (connection.erpKind !== template.erpKind || connection.authKind !== template.authKind) return [];
  return template.requiredSettings.filter((setting) => !connection.settings[setting]?.trim());
}
