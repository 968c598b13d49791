/**
 * JSON shapes of the publishing endpoints: the open-data catalogue (DCAT-like) and the JSON form of
 * each open-data resource. The schema of every resource is documented in docs/opendata.md.
 */

export interface OpenDataFieldDto {
  /** stable English id: the JSON key, documented in docs/opendata.md */
  id: string;
  /** the CSV header (Japanese) */
  title: string;
  /** string / integer / number / boolean / date (ISO 8601) / uuid / list */
  type: string;
  description: string;
}

export interface OpenDataLicenseDto {
  /** SPDX id, e.g. CC-BY-4.0 */
  id: string;
  title: string;
  url: string;
}

export interface OpenDataPublisherDto {
  /** 全国地方公共団体コード */
  lgCode: string;
  name: string;
  prefecture: string;
}

/** dcat:Distribution */
export interface OpenDataDistributionDto {
  title: string;
  /** CSV / JSON */
  format: string;
  mediaType: string;
  /** absolute URL */
  downloadURL: string;
  characterSet: 'UTF-8';
  /** CSV only: the file starts with a BOM and lines end in CRLF */
  notes: string;
}

/** dcat:Dataset */
export interface OpenDataDatasetDto {
  /** `${lgCode}_${resource}`, stable */
  identifier: string;
  resource: string;
  title: string;
  description: string;
  keywords: string[];
  /** ISO date (Asia/Tokyo) of the latest change in the published rows; null when nothing is published yet */
  modified: string | null;
  license: OpenDataLicenseDto;
  /** 'available', or 'not_modelled' for data the system does not hold yet (no distributions) */
  status: 'available' | 'not_modelled';
  /** number of records in each distribution */
  recordCount: number;
  fields: OpenDataFieldDto[];
  distributions: OpenDataDistributionDto[];
}

/** dcat:Catalog */
export interface OpenDataCatalogDto {
  title: string;
  description: string;
  publisher: OpenDataPublisherDto;
  language: 'ja';
  license: OpenDataLicenseDto;
  modified: string | null;
  /** absolute URL of this catalogue */
  catalogURL: string;
  /** where the schema of every resource is explained */
  documentation: string;
  datasets: OpenDataDatasetDto[];
}

/** The JSON form of one resource (one file per resource). */
export interface OpenDataResourceDto {
  resource: string;
  title: string;
  description: string;
  publisher: OpenDataPublisherDto;
  license: OpenDataLicenseDto;
  modified: string | null;
  fields: OpenDataFieldDto[];
  /** one object per row; keys are the field ids, in field order */
  records: Record<string, string | number | boolean | null | string[]>[];
}

// ───────────── publication (公表) under the secretariat's control ─────────────

export type PublicationKindDto = 'round' | 'kpi_values' | 'fiscal_table';
export type PublicationStateDto = 'published' | 'superseded' | 'withdrawn';
export type UnacceptedDecisionDto = 'exclude' | 'no_answer';

export interface PublicationChangeDto {
  where: string;
  before: string;
  after: string;
}

/** One publication (a version of a subject): GET /api/m/:code/publications/:id, and the lists. */
export interface PublicationDto {
  id: string;
  kind: PublicationKindDto;
  kindLabel: string;
  planId: string;
  /** round / plan (KPI values) / table */
  subjectId: string;
  /** KPI values and tables; 0 for a round */
  fiscalYear: number;
  title: string;
  seq: number;
  state: PublicationStateDto;
  stateLabel: string;
  changes: PublicationChangeDto[];
  /** 正誤: what it corrected ('' for a first publication) */
  correction: string;
  reason: string;
  unaccepted: UnacceptedDecisionDto | null;
  unacceptedCount: number;
  publishedAt: string;
  publishedBy: string;
  withdrawnAt: string | null;
  withdrawnBy: string;
  withdrawReason: string;
  /** the citizens' page that shows it (a path) */
  publicPath: string;
}

/** Something that can be published, with its latest publication. */
export interface PublicationSubjectDto {
  kind: PublicationKindDto;
  kindLabel: string;
  planId: string;
  planTitle: string;
  /** round id / plan id (KPI values) / table id */
  subjectId: string;
  fiscalYear: number;
  title: string;
  /** rounds: draft / open / closed (only closed rounds can be published) */
  roundState: 'draft' | 'open' | 'closed' | null;
  /** the latest publication of the subject and year (any state); null: never published */
  latest: { id: string; seq: number; state: PublicationStateDto; stateLabel: string; publishedAt: string; publishedBy: string } | null;
}

/** GET /api/m/:code/publications */
export interface PublicationListDto {
  subjects: PublicationSubjectDto[];
  /** every publication, newest first */
  history: PublicationDto[];
}

/** GET /api/m/:code/publications/preview?kind&planId&subjectId&fiscalYear[&unaccepted]: what publishing now would do. */
export interface PublicationPreviewDto {
  kind: PublicationKindDto;
  title: string;
  /** the seq to send back as expectedSeq */
  expectedSeq: number;
  /** the current publication it would replace (a correction: 正誤 required) */
  current: { id: string; seq: number; publishedAt: string } | null;
  correctionRequired: boolean;
  /** against the latest publication (empty for a first one) */
  changes: PublicationChangeDto[];
  /** rounds: answers not accepted by the secretariat, by state label */
  unaccepted: { count: number; byState: { state: string; label: string; count: number }[] };
  /** rounds: whether it can be published now (closed) and why not */
  problems: string[];
  /** the preview page exactly as citizens will see it (staff only; a path under /api) */
  previewPath: string;
}

/** POST /api/m/:code/publications */
export interface PublishBody {
  kind: PublicationKindDto;
  planId: string;
  subjectId: string;
  /** KPI values and tables: the fiscal year published; not sent for a round */
  fiscalYear?: number;
  expectedSeq: number;
  correction?: string;
  reason?: string;
  unaccepted?: UnacceptedDecisionDto | null;
}

/** POST /api/m/:code/publications/:id/withdraw */
export interface WithdrawBody {
  expectedSeq: number;
  reason: string;
}
