/** One live update as readers' pages receive it. */
export interface LiveEvent {
  /** Strictly increasing (milliseconds since the epoch, bumped on ties): the SSE event id. */
  id: number;
  type: 'publish' | 'update' | 'unpublish';
  article: {
    id: number;
    url: string;
    headline: string;
    place: string | null;
    /** Section slugs from the top: ["world", "ukraine"]. */
    sections: string[];
    breaking: boolean;
  };
}
