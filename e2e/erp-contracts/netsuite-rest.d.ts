declare module 'netsuite-rest' {
  interface NsResponse {
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    rawHeaders: string[];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    data: any;
  }
  export default class NsApiWrapper {
    constructor(options: {
      consumer_key: string;
      consumer_secret_key: string;
      token: string;
      token_secret: string;
      realm: string;
      base_url?: string;
    });
    request(options: { path?: string; method?: string; body?: string; heads?: Record<string, string> }): Promise<NsResponse>;
  }
}
