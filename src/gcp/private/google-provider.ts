/**
 * The `google` provider block of a CoiledGcpStack, written through cdktf's generic
 * `TerraformProvider` instead of @cdktf/provider-google's `GoogleProvider`.
 *
 * Why: the binding module of `GoogleProvider` is 0.6 MB (one attribute per Google API endpoint)
 * and took ~15 ms of a ~450 ms GCP synth to load (issue 15), for a block of two attributes. The
 * stack's API never exposes the provider (its docs point to `findChild('google')` as a
 * `TerraformProvider`, which both classes are), and what Terraform reads is the same:
 * test/gcp/google-provider.test.ts holds the JSON and HCL output, and the manifest, to what
 * `GoogleProvider` itself writes.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the installed bindings' own metadata */
import { TerraformProvider, stringToHclTerraform, stringToTerraform } from 'cdktf';
import { Construct } from 'constructs';
import { google } from './provider-google';

/** The two settings the stack gives the provider. */
export interface GoogleProviderSettings {
  readonly project: string;
  readonly region: string;
}

/**
 * The provider version `GoogleProvider` pins in `required_providers`: the bindings are generated
 * for one release and record it in their package.json (`cdktf.provider.version`). Read from the
 * installed bindings, never written here, so an upgrade of @cdktf/provider-google moves the pin
 * exactly as `GoogleProvider` would. Undefined when the bindings stop recording it.
 */
export function recordedGoogleProviderVersion(): string | undefined {
  const version = require('@cdktf/provider-google/package.json')?.cdktf?.provider?.version;
  return typeof version === 'string' && /^\d+\.\d+\.\d+/.test(version) ? version : undefined;
}

/** The stack's `google` provider: the light block, or the bindings' own class if they record no version. */
export function addGoogleProvider(scope: Construct, id: string, settings: GoogleProviderSettings): TerraformProvider {
  const version = recordedGoogleProviderVersion();
  return version === undefined ? new google.GoogleProvider(scope, id, settings) : new GoogleProviderBlock(scope, id, settings, version);
}

class GoogleProviderBlock extends TerraformProvider {
  private readonly settings: GoogleProviderSettings;

  constructor(scope: Construct, id: string, settings: GoogleProviderSettings, version: string) {
    super(scope, id, {
      terraformResourceType: 'google',
      terraformGeneratorMetadata: { providerName: 'google', providerVersion: version },
      terraformProviderSource: 'google',
    });
    this.settings = settings;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { project: stringToTerraform(this.settings.project), region: stringToTerraform(this.settings.region) };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const simple = (value: string) => ({ value: stringToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'string' });
    return { project: simple(this.settings.project), region: simple(this.settings.region) };
  }
}
