/**
 * The open-data catalogue (DCAT-like: Catalog → Dataset → Distribution) and the JSON document of
 * a resource. Pure: URLs, dates and counts come in.
 */
import type {
  OpenDataCatalogDto,
  OpenDataDatasetDto,
  OpenDataPublisherDto,
  OpenDataResourceDto,
} from '../../../shared/api-types-publish.js';
import { DEFAULT_LICENSE, FORMATS, RESOURCE_IDS, RESOURCES, latestDate, type OpenRecord, type ResourceDef, type ResourceId } from './opendata.js';

/** Download file name of a resource: `${lgCode}_${resource}.${format}` (the ODS naming habit); the URL is `${resource}.${format}`. */
export const resourceFileName = (lgCode: string, resource: string, format: string): string => `${lgCode}_${resource}.${format}`;

export function fieldsDto(def: ResourceDef) {
  return def.fields.map((x) => ({ id: x.id, title: x.title, type: x.type, description: x.description }));
}

export function resourceDocument(def: ResourceDef, publisher: OpenDataPublisherDto, modified: string | null, records: OpenRecord[]): OpenDataResourceDto {
  return {
    resource: def.id,
    title: `${publisher.name} ${def.title}`,
    description: def.description,
    publisher,
    license: { ...DEFAULT_LICENSE },
    modified,
    fields: fieldsDto(def),
    records,
  };
}

export function buildCatalog(input: {
  publisher: OpenDataPublisherDto;
  /** absolute URL of the open-data folder, without a trailing slash: https://host/api/m/432041/opendata */
  baseUrl: string;
  /** absolute URL of the page that defines every field (the public schema page) */
  documentationUrl: string;
  stats: Readonly<Record<ResourceId, { modified: string | null; count: number }>>;
}): OpenDataCatalogDto {
  const { publisher, baseUrl, documentationUrl, stats } = input;
  const license = { ...DEFAULT_LICENSE };
  const datasets: OpenDataDatasetDto[] = RESOURCE_IDS.map((id) => {
    const def = RESOURCES[id];
    return {
      identifier: `${publisher.lgCode}_${id}`,
      resource: id,
      title: `${publisher.name} ${def.title}`,
      description: def.description,
      keywords: def.keywords,
      modified: stats[id].modified,
      license,
      status: 'available',
      recordCount: stats[id].count,
      fields: fieldsDto(def),
      distributions: FORMATS.map((format) => ({
        title: `${def.title}（${format.toUpperCase()}）`,
        format: format.toUpperCase(),
        mediaType: format === 'csv' ? 'text/csv' : 'application/json',
        downloadURL: `${baseUrl}/${id}.${format}`,
        characterSet: 'UTF-8',
        notes: format === 'csv' ? 'UTF-8（BOM付き）、改行CRLF、1行目は日本語の項目名' : 'records の各キーは fields の id',
      })),
    };
  });
  return {
    title: `${publisher.name} 行政改革の計画と進捗状況`,
    description: `${publisher.name}の行政改革の計画（体系・スケジュール）、締め切った進捗照会の結果、数値目標・KPI、中期財政計画・定員管理の表、審議会等の意見と対応を公開しています。照会中の結果は含みません。`,
    publisher,
    language: 'ja',
    license,
    modified: latestDate(RESOURCE_IDS.map((id) => stats[id].modified)),
    catalogURL: `${baseUrl}/catalog.json`,
    documentation: documentationUrl,
    datasets,
  };
}
